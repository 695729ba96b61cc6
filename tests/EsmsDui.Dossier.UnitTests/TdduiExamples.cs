using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace EsmsDui.Dossier.UnitTests;

/// <summary>The published TDDUI 2.2.0 examples in <c>../shared/fhir-packages/examples</c> (never copied into the project).</summary>
internal static class TdduiExamples
{
    private static readonly FhirJsonDeserializer Parser = new();

    public static T Read<T>(string fileName)
        where T : Resource
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "EsmsDui.sln")))
            {
                var path = Path.Combine(folder.FullName, "..", "shared", "fhir-packages", "examples", "tddui-2.2.0", fileName);
                return Parser.Deserialize<T>(File.ReadAllText(path));
            }
        }

        throw new InvalidOperationException("EsmsDui.sln not found above the test folder.");
    }
}
