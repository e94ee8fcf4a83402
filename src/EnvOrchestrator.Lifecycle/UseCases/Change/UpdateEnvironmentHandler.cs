using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Runs;
using static EnvOrchestrator.Lifecycle.UseCases.UseCaseResults;

namespace EnvOrchestrator.Lifecycle.UseCases.Change;

/// <summary>Moves an environment to new inputs or a new template version with an update run (a platform admin may override the policies).</summary>
internal sealed class UpdateEnvironmentHandler(ChangeProposals proposals, RunStarter starter, TimeProvider time)
{
    public async Task<LifecycleResult<OperationAccepted>> HandleAsync(UpdateEnvironmentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.OverrideReason is { } reason && PolicyOverride.Validate(reason) is { } badReason)
        {
            return Problem<OperationAccepted>(ProblemCodes.InvalidRequest, badReason, "policyOverride.reason", "policy-override.invalid-reason");
        }

        var proposal = await proposals.ProposeAsync(command.Project, command.Name, command.Inputs, command.TemplateVersion, command.OverrideReason is not null, cancellationToken).ConfigureAwait(false);
        if (proposal.Problem is { } refused)
        {
            return LifecycleResult.Failure<OperationAccepted>(refused);
        }

        var (template, inputs) = (proposal.Template!, proposal.Inputs!);
        var now = time.GetUtcNow();
        var (started, startProblem) = await starter.StartAsync(
            proposal.Environment!.Id,
            RunKind.Update,
            EnvironmentStatus.Updating,
            EnvironmentStatus.Updating,
            command.RequestedBy,
            e => DomainResult.Success(ChangeProposals.Apply(e, template, inputs, now)),
            command.IfMatch,
            new RunAdmission(proposal.Advisory, [], command.OverrideReason is { } why ? new PolicyOverride(command.RequestedBy, why.Trim(), now) : null),
            cancellationToken).ConfigureAwait(false);
        return Accepted(started, startProblem);
    }
}
