using EsmsDui.Connectors.Dmp.Consultation;
using EsmsDui.Connectors.Dmp.Feeding;
using EsmsDui.Connectors.MsSante.Inbox;
using EsmsDui.Connectors.MsSante.Outbox;
using EsmsDui.Connectors.Records.Dlu;
using EsmsDui.Connectors.Records.Evaluation;
using EsmsDui.Connectors.Records.Liaison;
using EsmsDui.Connectors.Records.Projet;
using EsmsDui.Fhir.Audit;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace EsmsDui.Connectors.UnitTests.MsSante;

/// <summary>The project's package (<c>profiles/esmsdui.fhir#0.1.0</c>) says what the MSSanté and DMP connectors do and code.</summary>
public sealed class MsSantePackageTests
{
    private static readonly FhirJsonDeserializer Parser = new();

    [Fact]
    public void The_send_operation_has_a_definition_that_matches_its_route_and_parameters()
    {
        var route = MsSanteSendOperation.Route;
        var definition = Read<OperationDefinition>("OperationDefinition-DocumentReference-mssante-send.json");
        Assert.Equal(route.Definition, definition.Url);
        Assert.Equal(route.Name, definition.Code);
        Assert.Equal([route.ResourceType], definition.Resource.Select(r => r.ToString()));
        Assert.Equal((route.TypeLevel, route.InstanceLevel, route.AffectsState), (definition.Type, definition.Instance, definition.AffectsState));
        Assert.Equal(["recipient", "address", "noReply", "note"], definition.Parameter.Where(p => p.Use == OperationParameterUse.In).Select(p => p.Name));
    }

    public static TheoryData<string, string[]> DmpOperations => new()
    {
        { "dmp-send", [] },
        { "dmp-fetch", [] },
        { "dmp-manage", ["action"] },
        { "projet-document", [] },
        { "evaluation-document", [] },
        { "dlu-document", ["author", "preferredHospital", "comment"] },
        { "liaison-document", ["author", "direction", "comment"] },
    };

    [Theory]
    [MemberData(nameof(DmpOperations))]
    public void Each_document_operation_has_a_definition_that_matches_its_route_and_parameters(string name, string[] inputs)
    {
        var route = new[] { DmpSendOperation.Route, DmpFetchOperation.Route, DmpManageOperation.Route, ProjetPersonnaliseDocumentOperation.Route, AggirEvaluationDocumentOperation.Route, DluDocumentOperation.Route, LettreDeLiaisonOperation.Route }.Single(r => r.Name == name);
        var definition = Read<OperationDefinition>($"OperationDefinition-{route.ResourceType}-{name}.json");
        Assert.Equal(route.Definition, definition.Url);
        Assert.Equal(route.Name, definition.Code);
        Assert.Equal([route.ResourceType], definition.Resource.Select(r => r.ToString()));
        Assert.Equal((route.TypeLevel, route.InstanceLevel, route.AffectsState), (definition.Type, definition.Instance, definition.AffectsState));
        Assert.Equal(inputs, definition.Parameter.Where(p => p.Use == OperationParameterUse.In).Select(p => p.Name));
    }

    [Theory]
    [InlineData("CodeSystem-connector.json", MsSanteSending.ConnectorSystem, new[] { MsSanteSending.Code, DmpSending.Code })]
    [InlineData("CodeSystem-staff-task.json", MsSanteStaffTasks.System, new[] { MsSanteStaffTasks.MatchUsager, MsSanteStaffTasks.Quarantine })]
    [InlineData("CodeSystem-connector-action.json", AuditEventFactory.ConnectorActionSystem, new[] { "mssante-send", "mssante-receive", "dmp-send", "dmp-fetch", "dmp-manage" })]
    public void The_code_systems_hold_every_code_the_connector_writes(string file, string url, string[] codes)
    {
        var system = Read<CodeSystem>(file);
        Assert.Equal(url, system.Url);
        Assert.Equal(codes.Order(), system.Concept.Select(c => c.Code).Order());
        Assert.Equal(system.Count, system.Concept.Count);
    }

    [Theory]
    [InlineData(MsSanteSending.AddressExtension, "string")]
    [InlineData(MsSanteSending.NoReplyExtension, "boolean")]
    [InlineData(MsSanteSending.SenderMailboxExtension, "string")]
    [InlineData(MsSanteSending.AttemptsExtension, "integer")]
    [InlineData(MsSanteSending.NextAttemptExtension, "dateTime")]
    [InlineData(MsSanteSending.ClaimedUntilExtension, "dateTime")]
    [InlineData(MsSanteSending.LastErrorExtension, "string")]
    [InlineData(MsSanteSending.ReceiptExtension, null)]
    [InlineData(DmpSending.EntryUuidExtension, "string")]
    [InlineData(DmpSending.VisibilityExtension, "Coding")]
    [InlineData(DmpSending.AvailabilityExtension, "code", "DocumentReference")]
    public void Each_extension_of_a_sending_is_defined_on_Communication_with_the_value_the_code_writes(string url, string? valueType, string? alsoOn = null)
    {
        var definition = Read<StructureDefinition>($"StructureDefinition-{url.Split('/')[^1]}.json");

        Assert.Equal(url, definition.Url);
        Assert.Equal(new[] { "Communication", alsoOn }.OfType<string>(), definition.Context.Select(c => c.Expression));
        var value = definition.Differential.Element.Single(e => e.Path == "Extension.value[x]");
        Assert.Equal(valueType, valueType is null ? null : Assert.Single(value.Type).Code);
        if (valueType is null)
        {
            Assert.Equal(
                ["kind", "outcome", "recipient", "status", "received"],
                definition.Differential.Element.Where(e => e.SliceName is not null).Select(e => e.SliceName));
        }
    }

    private static T Read<T>(string file)
        where T : Resource
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder!.FullName, "EsmsDui.sln")))
        {
            folder = folder.Parent;
        }

        return Parser.Deserialize<T>(File.ReadAllText(Path.Combine(folder.FullName, "profiles", "esmsdui.fhir#0.1.0", "package", file)));
    }
}
