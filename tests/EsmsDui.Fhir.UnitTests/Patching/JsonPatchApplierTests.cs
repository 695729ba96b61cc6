using System.Text;
using System.Text.Json.Nodes;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Patching;

namespace EsmsDui.Fhir.UnitTests.Patching;

public sealed class JsonPatchApplierTests
{
    private const string Patient = """{"resourceType":"Patient","name":[{"family":"Dupont","given":["Hélène"]}],"gender":"female"}""";

    [Theory]
    [InlineData("""[{"op":"add","path":"/name/0/given/-","value":"Marie"}]""", """{"resourceType":"Patient","name":[{"family":"Dupont","given":["Hélène","Marie"]}],"gender":"female"}""")]
    [InlineData("""[{"op":"add","path":"/name/0/given/0","value":"Marie"}]""", """{"resourceType":"Patient","name":[{"family":"Dupont","given":["Marie","Hélène"]}],"gender":"female"}""")]
    [InlineData("""[{"op":"remove","path":"/gender"}]""", """{"resourceType":"Patient","name":[{"family":"Dupont","given":["Hélène"]}]}""")]
    [InlineData("""[{"op":"replace","path":"/gender","value":"male"}]""", """{"resourceType":"Patient","name":[{"family":"Dupont","given":["Hélène"]}],"gender":"male"}""")]
    [InlineData("""[{"op":"copy","from":"/name/0/family","path":"/name/0/text"}]""", """{"resourceType":"Patient","name":[{"family":"Dupont","given":["Hélène"],"text":"Dupont"}],"gender":"female"}""")]
    [InlineData("""[{"op":"move","from":"/gender","path":"/name/0/text"}]""", """{"resourceType":"Patient","name":[{"family":"Dupont","given":["Hélène"],"text":"female"}]}""")]
    [InlineData("""[{"op":"test","path":"/gender","value":"female"},{"op":"remove","path":"/name"}]""", """{"resourceType":"Patient","gender":"female"}""")]
    [InlineData("""[{"op":"add","path":"/a~1b","value":1}]""", """{"resourceType":"Patient","name":[{"family":"Dupont","given":["Hélène"]}],"gender":"female","a/b":1}""")]
    public void Operations_follow_rfc_6902(string patch, string expected)
    {
        var result = JsonPatchApplier.Apply(Encoding.UTF8.GetBytes(Patient), Encoding.UTF8.GetBytes(patch));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), result.ToJsonString());
    }

    [Theory]
    [InlineData("""{"op":"add"}""")]
    [InlineData("""[{"path":"/gender"}]""")]
    [InlineData("""[{"op":"jump","path":"/gender"}]""")]
    [InlineData("""[{"op":"add","path":"gender","value":1}]""")]
    [InlineData("""[{"op":"add","path":"/gender"}]""")]
    [InlineData("not json")]
    public void Malformed_patch_documents_are_invalid(string patch)
    {
        var error = Assert.Throws<FhirException>(() => JsonPatchApplier.Apply(Encoding.UTF8.GetBytes(Patient), Encoding.UTF8.GetBytes(patch)));
        Assert.Equal(FhirErrorKind.Invalid, error.Kind);
    }

    [Theory]
    [InlineData("""[{"op":"remove","path":"/birthDate"}]""")]
    [InlineData("""[{"op":"replace","path":"/name/3/family","value":"X"}]""")]
    [InlineData("""[{"op":"test","path":"/gender","value":"male"}]""")]
    [InlineData("""[{"op":"move","from":"/name","path":"/name/0"}]""")]
    public void Operations_that_cannot_apply_are_unprocessable(string patch)
    {
        var error = Assert.Throws<FhirException>(() => JsonPatchApplier.Apply(Encoding.UTF8.GetBytes(Patient), Encoding.UTF8.GetBytes(patch)));
        Assert.Equal(FhirErrorKind.Unprocessable, error.Kind);
    }

    [Fact]
    public void Invalid_utf8_in_the_patch_is_invalid_not_a_crash()
    {
        byte[] patch = [.. Encoding.UTF8.GetBytes("[{\"op\":\"add\",\"path\":\"/x"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\",\"value\":1}]")];
        Assert.Equal(FhirErrorKind.Invalid, Assert.Throws<FhirException>(() => JsonPatchApplier.Apply(Encoding.UTF8.GetBytes(Patient), patch)).Kind);
    }
}
