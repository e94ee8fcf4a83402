using EnvOrchestrator.Lifecycle.Notifications;

namespace EnvOrchestrator.Testing.Lifecycle;

/// <summary>Keeps every notification for assertions.</summary>
public sealed class RecordingNotifier : IEnvironmentNotifier
{
    private readonly Lock _gate = new();
    private readonly List<EnvironmentNotification> _sent = [];

    public IReadOnlyList<EnvironmentNotification> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    public Task NotifyAsync(EnvironmentNotification notification, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _sent.Add(notification);
        }

        return Task.CompletedTask;
    }
}
