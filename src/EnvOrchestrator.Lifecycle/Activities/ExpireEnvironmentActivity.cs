using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Notifications;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Lifecycle.Runs;
using Microsoft.DurableTask;

namespace EnvOrchestrator.Lifecycle.Activities;

/// <summary>Starts the destroy of an environment whose expiry has passed (unless it was extended meanwhile).</summary>
internal sealed class ExpireEnvironmentActivity(IEnvironmentStore environments, RunStarter starter, IEnvironmentNotifier notifier, TimeProvider time, HostStopping stopping)
    : TaskActivity<LifetimeInput, ExpireOutcome>
{
    public const string Actor = "system:expiry";

    public override async Task<ExpireOutcome> RunAsync(TaskActivityContext context, LifetimeInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var id = EnvironmentId.Parse(input.Project, input.Name);
        var environment = await environments.FindAsync(id, stopping.Token).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (environment is null || environment.ExpiresAt is not { } expiresAt || expiresAt > now
            || environment.Status is EnvironmentStatus.Destroying or EnvironmentStatus.Destroyed)
        {
            return environment is null || environment.Status is EnvironmentStatus.Destroying or EnvironmentStatus.Destroyed
                ? ExpireOutcome.DestroyStarted
                : ExpireOutcome.NotDue;
        }

        if (environment.CurrentRunId is not null)
        {
            return ExpireOutcome.Busy;
        }

        var (started, _) = await starter.StartAsync(
            id, RunKind.Destroy, EnvironmentStatus.Destroying, EnvironmentStatus.Destroying, Actor, prepare: null, ifMatch: null, RunAdmission.None, stopping.Token).ConfigureAwait(false);
        if (started is null)
        {
            return ExpireOutcome.Busy;
        }

        await notifier.NotifyAsync(
            new EnvironmentNotification(EnvironmentNotificationKind.Expired, input.Project, input.Name, environment.CreatedBy, expiresAt, null, now),
            stopping.Token).ConfigureAwait(false);
        return ExpireOutcome.DestroyStarted;
    }
}
