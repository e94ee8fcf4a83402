namespace EnvOrchestrator.Lifecycle.Notifications;

/// <summary>Tells an environment's owner what happens to it (expiry warnings, expiry). The host plugs in mail, chat or webhooks.</summary>
public interface IEnvironmentNotifier
{
    Task NotifyAsync(EnvironmentNotification notification, CancellationToken cancellationToken);
}

public enum EnvironmentNotificationKind
{
    /// <summary>The environment will be destroyed at <see cref="EnvironmentNotification.ExpiresAt"/> unless extended.</summary>
    ExpiryWarning,

    /// <summary>The environment expired and its destroy started.</summary>
    Expired,
}

/// <param name="Before">For a warning: how long before the expiry it was sent.</param>
public sealed record EnvironmentNotification(
    EnvironmentNotificationKind Kind,
    string Project,
    string Name,
    string Owner,
    DateTimeOffset ExpiresAt,
    TimeSpan? Before,
    DateTimeOffset At);
