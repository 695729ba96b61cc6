// Two namespaces that use each other on purpose: the probe the namespace rules must catch.
namespace EsmsDui.ArchitectureTests.Probes.Lower
{
    internal static class UsesUpper
    {
        public static int Depth(int n) => n <= 0 ? 0 : Upper.UsesLower.Depth(n - 1) + 1;
    }
}

namespace EsmsDui.ArchitectureTests.Probes.Upper
{
    internal static class UsesLower
    {
        public static int Depth(int n) => n <= 0 ? 0 : Lower.UsesUpper.Depth(n - 1) + 1;
    }
}

namespace EsmsDui.ArchitectureTests.Probes.Port
{
    // Takes the engine's resource service directly: the probe the port rule must catch.
    internal static class UsesResourceService
    {
        public static Type Service => typeof(Fhir.Resources.ResourceService);
    }
}
