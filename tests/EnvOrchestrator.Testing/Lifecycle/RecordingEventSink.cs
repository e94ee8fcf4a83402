using EnvOrchestrator.Core.Events;

namespace EnvOrchestrator.Testing.Lifecycle;

/// <summary>An event sink that keeps what it was given, once per id, as the outbox contract says.</summary>
public sealed class RecordingEventSink : IEnvironmentEventSink
{
    private readonly Lock _gate = new();
    private readonly List<EnvironmentEvent> _events = [];

    /// <summary>How many publishes arrived, repeats included.</summary>
    public int Publishes { get; private set; }

    public IReadOnlyList<EnvironmentEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public Task PublishAsync(EnvironmentEvent environmentEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environmentEvent);
        lock (_gate)
        {
            Publishes++;
            if (_events.All(e => e.Id != environmentEvent.Id))
            {
                _events.Add(environmentEvent);
            }
        }

        return Task.CompletedTask;
    }
}
