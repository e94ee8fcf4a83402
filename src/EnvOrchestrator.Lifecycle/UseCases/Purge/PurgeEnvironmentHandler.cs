using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Retention;
using static EnvOrchestrator.Lifecycle.UseCases.UseCaseResults;

namespace EnvOrchestrator.Lifecycle.UseCases.Purge;

/// <summary>Removes a destroyed environment for good, with its runs and logs.</summary>
internal sealed class PurgeEnvironmentHandler(EnvironmentPurger purger)
{
    public async Task<LifecycleResult<EnvironmentPurged>> HandleAsync(EnvironmentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (id, problem) = ParseId(command.Project, command.Name);
        if (id is null)
        {
            return LifecycleResult.Failure<EnvironmentPurged>(problem!);
        }

        return await purger.PurgeAsync(id, eligible: null, cancellationToken).ConfigureAwait(false) switch
        {
            PurgeOutcome.Purged => LifecycleResult.Success(new EnvironmentPurged(id.Project.Value, id.Name.Value)),
            PurgeOutcome.NotFound => NotFound<EnvironmentPurged>(id),
            _ => Problem<EnvironmentPurged>(ProblemCodes.Conflict, $"Only a destroyed environment can be purged; destroy {id} first.", "status", "environment.not-destroyed"),
        };
    }
}
