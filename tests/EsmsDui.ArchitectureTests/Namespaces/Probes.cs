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
