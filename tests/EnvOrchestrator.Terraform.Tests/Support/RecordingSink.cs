using System.Collections.Concurrent;
using System.Text.Json;

namespace EnvOrchestrator.Terraform.Tests.Support;

/// <summary>Records events in arrival order; an optional callback sees each one as it arrives.</summary>
internal sealed class RecordingSink(Action<TerraformEvent>? onEvent = null) : ITerraformEventSink
{
    public ConcurrentQueue<TerraformEvent> Events { get; } = new();

    public ValueTask WriteAsync(TerraformEvent terraformEvent, CancellationToken cancellationToken)
    {
        Events.Enqueue(terraformEvent);
        onEvent?.Invoke(terraformEvent);
        return ValueTask.CompletedTask;
    }

    /// <summary>Every event serialized with all its fields, for scanning.</summary>
    public IEnumerable<string> Serialized() => Events.Select(e => JsonSerializer.Serialize(e, e.GetType()) + " " + e);
}
