using EsmsDui.Connectors.Records;

namespace EsmsDui.Connectors.MsSante.Outbox;

/// <summary>Wakes the MSSanté outbox worker when a sending is recorded.</summary>
public sealed class MsSanteOutboxSignal : OutboxSignal;
