using EnvOrchestrator.Lifecycle.Contracts;

namespace EnvOrchestrator.Lifecycle;

/// <summary>
/// The environment lifecycle as commands and queries, shared by every caller (HTTP API, chat bots, GitHub Actions).
/// Nothing here throws for bad input or broken rules: the result carries a <see cref="LifecycleProblem"/> naming the
/// field and the rule, and a refused command changes nothing. Long operations return <see cref="OperationAccepted"/>
/// once the run is recorded and its orchestration scheduled.
/// </summary>
public interface IEnvironmentService
{
    /// <summary>The environment templates <paramref name="project"/> may use (all when null); drafts too when <paramref name="includeDrafts"/>.</summary>
    IReadOnlyList<TemplateSummary> ListTemplates(string? project, bool includeDrafts = false);

    /// <summary>The environments, in every project, still made from template <paramref name="name"/> (one version when given): what deprecating it affects.</summary>
    Task<LifecycleResult<TemplateUsagePage>> ListTemplateUsageAsync(string name, string? version, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>One environment template with its input schema; the highest active version when <paramref name="version"/> is null.</summary>
    LifecycleResult<TemplateDetails> GetTemplate(string name, string? version);

    /// <summary>
    /// Validates, stores the environment and starts its deploy; a name held by a destroyed environment is reused (the
    /// old one's runs and logs are removed). A replayed <see cref="CreateEnvironmentCommand.IdempotencyKey"/> returns the first answer.
    /// </summary>
    Task<LifecycleResult<OperationAccepted>> CreateAsync(CreateEnvironmentCommand command, CancellationToken cancellationToken);

    Task<LifecycleResult<EnvironmentView>> GetAsync(EnvironmentQuery query, CancellationToken cancellationToken);

    Task<LifecycleResult<EnvironmentPage>> ListAsync(ListEnvironmentsQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The environment's and its resources' outputs with sensitive values in clear — the only call that shows them;
    /// the host decides who may (and audits it), the lifecycle logs who asked.
    /// </summary>
    Task<LifecycleResult<RevealedOutputs>> RevealOutputsAsync(EnvironmentCommand command, CancellationToken cancellationToken);

    /// <summary>New inputs and/or template version; refused with a precondition problem when <see cref="UpdateEnvironmentCommand.IfMatch"/> is stale.</summary>
    Task<LifecycleResult<OperationAccepted>> UpdateAsync(UpdateEnvironmentCommand command, CancellationToken cancellationToken);

    /// <summary>Starts destroying the environment (reverse dependency order).</summary>
    Task<LifecycleResult<OperationAccepted>> DestroyAsync(EnvironmentCommand command, CancellationToken cancellationToken);

    /// <summary>Removes a destroyed environment for good: its record, runs, step logs and expiry entries; refused for any other status.</summary>
    Task<LifecycleResult<EnvironmentPurged>> PurgeAsync(EnvironmentCommand command, CancellationToken cancellationToken);

    /// <summary>What an update with these inputs would do, resource by resource (Terraform plan; nothing is applied).</summary>
    Task<LifecycleResult<PlanView>> PlanAsync(PlanEnvironmentQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Pushes the expiry back within the template's caps (maximum TTL, extension count and length); an extension that
    /// needs an approval is held instead (<see cref="EnvironmentView.SentForApproval"/>).
    /// </summary>
    Task<LifecycleResult<EnvironmentView>> ExtendAsync(ExtendEnvironmentCommand command, CancellationToken cancellationToken);

    /// <summary>
    /// Approves or rejects what the environment waits for (a deploy, or an extension beyond the caps). The decision is
    /// recorded with who made it and why; the person who asked may not decide unless self-approval is allowed.
    /// </summary>
    Task<LifecycleResult<EnvironmentView>> DecideApprovalAsync(DecideApprovalCommand command, CancellationToken cancellationToken);

    /// <summary>Resumes a failed or cancelled run from the failure, without re-applying what succeeded.</summary>
    Task<LifecycleResult<OperationAccepted>> RetryAsync(EnvironmentCommand command, CancellationToken cancellationToken);

    /// <summary>Asks the running deploy or update to stop: Terraform is interrupted gracefully, pending resources are skipped.</summary>
    Task<LifecycleResult<RunView>> CancelAsync(EnvironmentCommand command, CancellationToken cancellationToken);

    Task<LifecycleResult<RunPage>> ListRunsAsync(ListRunsQuery query, CancellationToken cancellationToken);

    Task<LifecycleResult<RunView>> GetRunAsync(RunQuery query, CancellationToken cancellationToken);

    /// <summary>Step log lines of a run from the given per-step offsets; call again with the returned offsets to follow.</summary>
    Task<LifecycleResult<RunLogs>> ReadRunLogsAsync(RunLogsQuery query, CancellationToken cancellationToken);
}
