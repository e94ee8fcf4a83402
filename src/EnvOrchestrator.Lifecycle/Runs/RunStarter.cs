using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Durable;
using EnvOrchestrator.Lifecycle.Orchestrations;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Lifecycle.Runs;

/// <summary>A run that was recorded and whose orchestration was scheduled.</summary>
internal sealed record StartedRun(EnvironmentRecord Environment, RunRecord Run, string InstanceId);

/// <summary>
/// Starts runs, in the order that makes a duplicate request harmless: the environment takes the run first
/// (<see cref="EnvironmentRecord.StartRun"/> under optimistic concurrency — only one caller can win), then the run
/// is recorded, then its orchestration is scheduled under an id derived from the run.
/// </summary>
internal sealed class RunStarter(IEnvironmentStore environments, IRunStore runs, DurableTaskClient client, TimeProvider time, ILogger<RunStarter> logger)
{
    private readonly RecordUpdates _updates = new(environments, runs);

    /// <param name="first">The status the environment takes now (Validating for a new deploy, else <paramref name="working"/>).</param>
    /// <param name="prepare">Changes made together with taking the run (e.g. new inputs), or null.</param>
    public async Task<(StartedRun? Started, LifecycleProblem? Problem)> StartAsync(
        EnvironmentId id,
        RunKind kind,
        EnvironmentStatus working,
        EnvironmentStatus first,
        string requestedBy,
        Func<EnvironmentRecord, DomainResult<EnvironmentRecord>>? prepare,
        string? ifMatch,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var runId = RunId.New(now);
        var taken = await _updates.UpdateEnvironmentAsync(id, current =>
        {
            if (ifMatch is not null && !string.Equals(Unquote(ifMatch), Unquote(current.Version!), StringComparison.Ordinal))
            {
                return DomainResult.Failure<EnvironmentRecord>(ProblemCodes.PreconditionFailed, $"The environment changed since it was read (ETag {current.Version}).");
            }

            var prepared = prepare?.Invoke(current) ?? DomainResult.Success(current);
            return prepared.Succeeded ? prepared.Value!.StartRun(runId, first, now) : prepared;
        }, cancellationToken).ConfigureAwait(false);
        if (!taken.Succeeded)
        {
            return (null, ToProblem(taken.Problem));
        }

        var run = await runs.CreateAsync(new RunRecord { Id = runId, Environment = id, Kind = kind, RequestedBy = requestedBy }, cancellationToken).ConfigureAwait(false);
        var instanceId = LifecycleInstanceIds.ForRun(id, kind, runId);
        var orchestrator = working == EnvironmentStatus.Destroying ? nameof(DestroyOrchestrator) : nameof(DeployOrchestrator);
        await client.ScheduleNewOrchestrationInstanceAsync(
            orchestrator,
            new RunInput(id.Project.Value, id.Name.Value, runId.Value, kind, working),
            new StartOrchestrationOptions(instanceId),
            cancellationToken).ConfigureAwait(false);
        logger.RunStarted(runId.Value, kind, id.Project.Value, id.Name.Value, instanceId);
        return (new StartedRun(taken.Value!, run.Value!, instanceId), null);
    }

    public static LifecycleProblem ToProblem(DomainError error) => error.Code switch
    {
        ProblemCodes.PreconditionFailed => new LifecycleProblem(ProblemCodes.PreconditionFailed, error.Message, "If-Match", "etag-mismatch"),
        "not-found" => new LifecycleProblem(ProblemCodes.NotFound, error.Message, "name", "environment.not-found"),
        DomainErrorCodes.RunInProgress => new LifecycleProblem(ProblemCodes.Conflict, error.Message, "name", error.Code),
        DomainErrorCodes.InvalidTransition => new LifecycleProblem(ProblemCodes.Conflict, error.Message, "status", error.Code),
        _ => new LifecycleProblem(ProblemCodes.RuleViolated, error.Message, null, error.Code),
    };

    private static string Unquote(string etag) => etag.Trim().TrimStart('W', '/').Trim('"');
}
