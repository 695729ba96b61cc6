using EsmsDui.Connectors.Records;

namespace EsmsDui.Connectors.Dmp.Feeding;

/// <summary>Wakes the DMP outbox worker when a feeding is recorded.</summary>
public sealed class DmpOutboxSignal : OutboxSignal;
