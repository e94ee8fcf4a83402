using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Notifications;
using EnvOrchestrator.Lifecycle.Orchestrations;
using Microsoft.DurableTask;

namespace EnvOrchestrator.Lifecycle.Activities;

/// <summary>Sends an expiry warning to the environment's owner through <see cref="IEnvironmentNotifier"/>.</summary>
internal sealed class WarnExpiryActivity(StepServices services) : TaskActivity<ExpiryWarningInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, ExpiryWarningInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var environment = await services.Environments.FindAsync(EnvironmentId.Parse(input.Project, input.Name), services.Stopping).ConfigureAwait(false);
        var notification = new EnvironmentNotification(
            EnvironmentNotificationKind.ExpiryWarning, input.Project, input.Name, environment?.CreatedBy ?? string.Empty, input.ExpiresAt, input.Before, services.Time.GetUtcNow());
        await services.Notifier.NotifyAsync(notification, services.Stopping).ConfigureAwait(false);
        return "sent";
    }
}
