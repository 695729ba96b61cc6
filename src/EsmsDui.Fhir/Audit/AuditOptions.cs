namespace EsmsDui.Fhir.Audit;

/// <summary>The audit trail (section <c>Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Audit";

    /// <summary>True (the default): every FHIR request and every token request leaves an AuditEvent.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many events wait to be written at most; beyond, requests wait for the writer (never dropped).</summary>
    public int QueueCapacity { get; set; } = 10_000;
}
