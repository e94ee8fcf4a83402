using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Lifecycle.Notifications;

/// <summary>The default notifier: a log line per notification, until the host registers a real channel.</summary>
internal sealed class LoggingEnvironmentNotifier(ILogger<LoggingEnvironmentNotifier> logger) : IEnvironmentNotifier
{
    public Task NotifyAsync(EnvironmentNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        logger.Notified(notification.Kind, notification.Project, notification.Name, notification.ExpiresAt);
        return Task.CompletedTask;
    }
}
