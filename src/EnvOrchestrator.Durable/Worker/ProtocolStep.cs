namespace EnvOrchestrator.Durable.Worker;

/// <summary>Points of the commit/dispatch and activity protocols where tests inject a simulated crash.</summary>
internal enum ProtocolStep
{
    BeforeCommit,
    AfterCommit,
    MidDispatch,
    BeforeOutboxDelete,
    BeforeMessageDelete,
    ActivityAfterRun,
    ActivityAfterResultSend,
    ClientAfterEnqueue,
}
