using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.UseCases.Approvals;
using EnvOrchestrator.Lifecycle.UseCases.Cancel;
using EnvOrchestrator.Lifecycle.UseCases.Change;
using EnvOrchestrator.Lifecycle.UseCases.Create;
using EnvOrchestrator.Lifecycle.UseCases.Destroy;
using EnvOrchestrator.Lifecycle.UseCases.Environments;
using EnvOrchestrator.Lifecycle.UseCases.Extend;
using EnvOrchestrator.Lifecycle.UseCases.Purge;
using EnvOrchestrator.Lifecycle.UseCases.Retry;
using EnvOrchestrator.Lifecycle.UseCases.Runs;
using EnvOrchestrator.Lifecycle.UseCases.Templates;

namespace EnvOrchestrator.Lifecycle;

/// <summary>
/// The lifecycle's application service (<see cref="IEnvironmentService"/>): one entry for the hosts, each call handed
/// to the handler of its use case in <c>UseCases/</c>.
/// </summary>
internal sealed class EnvironmentService(
    TemplateQueries templates,
    EnvironmentQueries environments,
    RunQueries runs,
    CreateEnvironmentHandler create,
    UpdateEnvironmentHandler update,
    PlanEnvironmentHandler plan,
    DestroyEnvironmentHandler destroy,
    PurgeEnvironmentHandler purge,
    ExtendEnvironmentHandler extend,
    RetryEnvironmentHandler retry,
    CancelRunHandler cancel,
    DecideApprovalHandler approvals,
    RevealOutputsHandler reveal) : IEnvironmentService
{
    public IReadOnlyList<TemplateSummary> ListTemplates(string? project, bool includeDrafts = false) => templates.List(project, includeDrafts);

    public Task<LifecycleResult<TemplateUsagePage>> ListTemplateUsageAsync(string name, string? version, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        templates.UsageAsync(name, version, pageSize, continuationToken, cancellationToken);

    public LifecycleResult<TemplateDetails> GetTemplate(string name, string? version) => templates.Get(name, version);

    public Task<LifecycleResult<OperationAccepted>> CreateAsync(CreateEnvironmentCommand command, CancellationToken cancellationToken) =>
        create.HandleAsync(command, cancellationToken);

    public Task<LifecycleResult<EnvironmentView>> GetAsync(EnvironmentQuery query, CancellationToken cancellationToken) =>
        environments.GetAsync(query, cancellationToken);

    public Task<LifecycleResult<EnvironmentPage>> ListAsync(ListEnvironmentsQuery query, CancellationToken cancellationToken) =>
        environments.ListAsync(query, cancellationToken);

    public Task<LifecycleResult<OperationAccepted>> UpdateAsync(UpdateEnvironmentCommand command, CancellationToken cancellationToken) =>
        update.HandleAsync(command, cancellationToken);

    public Task<LifecycleResult<OperationAccepted>> DestroyAsync(EnvironmentCommand command, CancellationToken cancellationToken) =>
        destroy.HandleAsync(command, cancellationToken);

    public Task<LifecycleResult<EnvironmentPurged>> PurgeAsync(EnvironmentCommand command, CancellationToken cancellationToken) =>
        purge.HandleAsync(command, cancellationToken);

    public Task<LifecycleResult<PlanView>> PlanAsync(PlanEnvironmentQuery query, CancellationToken cancellationToken) =>
        plan.HandleAsync(query, cancellationToken);

    public Task<LifecycleResult<EnvironmentView>> ExtendAsync(ExtendEnvironmentCommand command, CancellationToken cancellationToken) =>
        extend.HandleAsync(command, cancellationToken);

    public Task<LifecycleResult<RevealedOutputs>> RevealOutputsAsync(EnvironmentCommand command, CancellationToken cancellationToken) =>
        reveal.HandleAsync(command, cancellationToken);

    public Task<LifecycleResult<EnvironmentView>> DecideApprovalAsync(DecideApprovalCommand command, CancellationToken cancellationToken) =>
        approvals.HandleAsync(command, cancellationToken);

    public Task<LifecycleResult<OperationAccepted>> RetryAsync(EnvironmentCommand command, CancellationToken cancellationToken) =>
        retry.HandleAsync(command, cancellationToken);

    public Task<LifecycleResult<RunView>> CancelAsync(EnvironmentCommand command, CancellationToken cancellationToken) =>
        cancel.HandleAsync(command, cancellationToken);

    public Task<LifecycleResult<RunPage>> ListRunsAsync(ListRunsQuery query, CancellationToken cancellationToken) =>
        runs.ListAsync(query, cancellationToken);

    public Task<LifecycleResult<RunView>> GetRunAsync(RunQuery query, CancellationToken cancellationToken) =>
        runs.GetAsync(query, cancellationToken);

    public Task<LifecycleResult<RunLogs>> ReadRunLogsAsync(RunLogsQuery query, CancellationToken cancellationToken) =>
        runs.ReadLogsAsync(query, cancellationToken);
}
