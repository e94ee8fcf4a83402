using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Notifications;
using EnvOrchestrator.Lifecycle.Orchestrations;
using Microsoft.DurableTask;

namespace EnvOrchestrator.Lifecycle.Activities;

/// <summary>Sends an expiry warning to the environment's owner through <see cref="IEnvironmentNotifier"/> and to subscribers as <c>expiring-soon</c>.</summary>
internal sealed class WarnExpiryActivity(
    IEnvironmentStore environments, IEnvironmentNotifier notifier, EnvironmentEvents events, TimeProvider time, HostStopping stopping) : TaskActivity<ExpiryWarningInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, ExpiryWarningInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var environment = await environments.FindAsync(EnvironmentId.Parse(input.Project, input.Name), stopping.Token).ConfigureAwait(false);
        var notification = new EnvironmentNotification(
            EnvironmentNotificationKind.ExpiryWarning, input.Project, input.Name, environment?.CreatedBy ?? string.Empty, input.ExpiresAt, input.Before, time.GetUtcNow());
        await notifier.NotifyAsync(notification, stopping.Token).ConfigureAwait(false);
        if (environment is not null)
        {
            await events.ExpiringSoonAsync(environment, input.ExpiresAt, input.Before, stopping.Token).ConfigureAwait(false);
        }

        return "sent";
    }
}
