namespace EnvOrchestrator.Terraform;

/// <summary>Receives a run's events in order, as Terraform prints them. Slow sinks slow Terraform down (back-pressure).</summary>
public interface ITerraformEventSink
{
    ValueTask WriteAsync(TerraformEvent terraformEvent, CancellationToken cancellationToken);
}

/// <summary>Discards events.</summary>
public sealed class NullTerraformEventSink : ITerraformEventSink
{
    public static NullTerraformEventSink Instance { get; } = new();

    public ValueTask WriteAsync(TerraformEvent terraformEvent, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
