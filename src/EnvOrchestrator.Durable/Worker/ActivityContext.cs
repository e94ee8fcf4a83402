namespace EnvOrchestrator.Durable.Worker;

internal sealed class ActivityContext(string name, string instanceId, string idempotencyKey, CancellationToken cancellationToken)
    : TaskActivityContext
{
    public override string Name { get; } = name;

    public override string InstanceId { get; } = instanceId;

    public override string IdempotencyKey { get; } = idempotencyKey;

    public override CancellationToken CancellationToken { get; } = cancellationToken;
}
