using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Runs;
using static EnvOrchestrator.Lifecycle.UseCases.UseCaseResults;

namespace EnvOrchestrator.Lifecycle.UseCases.Destroy;

/// <summary>Starts a destroy run: resources go in reverse dependency order.</summary>
internal sealed class DestroyEnvironmentHandler(RunStarter starter)
{
    public async Task<LifecycleResult<OperationAccepted>> HandleAsync(EnvironmentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (id, problem) = ParseId(command.Project, command.Name);
        if (id is null)
        {
            return LifecycleResult.Failure<OperationAccepted>(problem!);
        }

        var (started, startProblem) = await starter.StartAsync(
            id, RunKind.Destroy, EnvironmentStatus.Destroying, EnvironmentStatus.Destroying, command.RequestedBy, prepare: null, ifMatch: null, RunAdmission.None, cancellationToken).ConfigureAwait(false);
        return Accepted(started, startProblem);
    }
}
