using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Events;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Lifecycle.Notifications;

/// <summary>
/// Publishes the lifecycle's events to <see cref="IEnvironmentEventSink"/> with ids derived from what happened (the run
/// and its outcome, the expiry and warning), so an activity that runs again after a crash publishes the same event,
/// which the sink stores once. A sink that keeps failing costs the event, never the lifecycle step: it is retried a
/// few times, then logged.
/// </summary>
internal sealed class EnvironmentEvents(IEnvironmentEventSink sink, TimeProvider time, ILogger<EnvironmentEvents> logger)
{
    private const int Attempts = 3;

    public Task CreatedAsync(EnvironmentRecord environment, RunId run, string actor, CancellationToken cancellationToken) =>
        PublishAsync(environment, EnvironmentEventType.Created, $"{run.Value}:created", run, actor, null, cancellationToken);

    public Task AwaitingApprovalAsync(EnvironmentRecord environment, RunId run, CancellationToken cancellationToken) =>
        PublishAsync(
            environment,
            EnvironmentEventType.AwaitingApproval,
            $"{run.Value}:awaiting-approval",
            run,
            environment.Approval?.RequestedBy,
            environment.Approval is { } approval ? string.Join(" ", approval.Reasons.Select(r => r.Message)) : null,
            cancellationToken);

    /// <summary>The end of a run: Ready, Failed or Destroyed (a cancelled run is not an event subscribers asked for).</summary>
    public Task RunEndedAsync(EnvironmentRecord environment, RunId run, CancellationToken cancellationToken)
    {
        var type = environment.Status switch
        {
            EnvironmentStatus.Ready => EnvironmentEventType.Ready,
            EnvironmentStatus.Failed => EnvironmentEventType.Failed,
            EnvironmentStatus.Destroyed => EnvironmentEventType.Destroyed,
            _ => (EnvironmentEventType?)null,
        };
        return type is { } ended
            ? PublishAsync(environment, ended, $"{run.Value}:{EnvironmentEvent.Names.Name(ended)}", run, null, environment.Failure?.Message, cancellationToken)
            : Task.CompletedTask;
    }

    public Task ExpiringSoonAsync(EnvironmentRecord environment, DateTimeOffset expiresAt, TimeSpan before, CancellationToken cancellationToken) =>
        PublishAsync(
            environment,
            EnvironmentEventType.ExpiringSoon,
            $"{environment.Id.Project.Value}:{environment.Id.Name.Value}:expiring:{expiresAt.UtcTicks}:{before.Ticks}",
            null,
            null,
            $"Expires at {expiresAt:O} unless extended.",
            cancellationToken);

    public Task ExtendedAsync(EnvironmentRecord environment, string actor, CancellationToken cancellationToken) =>
        PublishAsync(
            environment,
            EnvironmentEventType.Extended,
            $"{environment.Id.Project.Value}:{environment.Id.Name.Value}:extended:{environment.ExtensionCount}:{environment.ExpiresAt?.UtcTicks}",
            null,
            actor,
            $"Now expires at {environment.ExpiresAt:O}.",
            cancellationToken);

    private async Task PublishAsync(
        EnvironmentRecord environment, EnvironmentEventType type, string id, RunId? run, string? actor, string? detail, CancellationToken cancellationToken)
    {
        var published = new EnvironmentEvent(
            id, type, environment.Id.Project.Value, environment.Id.Name.Value, time.GetUtcNow(), environment.Status.ToString(), run?.Value, actor, detail);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await sink.PublishAsync(published, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < Attempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.EventNotPublished(e, published.TypeName, published.Project, published.Name, published.Id);
                return;
            }
        }
    }
}
