using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Durable;
using EnvOrchestrator.Lifecycle.Cancellation;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Lifecycle.Notifications;
using EnvOrchestrator.Lifecycle.Runs;
using EnvOrchestrator.StateBackend;
using EnvOrchestrator.Terraform;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle.Activities;

/// <summary>What the lifecycle activities share, injected once instead of in every constructor.</summary>
internal sealed class StepServices(
    ITemplateCatalogSource catalog,
    IEnvironmentStore environments,
    IRunStore runs,
    IActiveRunIndex activeRuns,
    IStepLogStore logs,
    ITerraformRunner terraform,
    TerraformStateBackend stateBackend,
    RunCancellationRegistry cancellations,
    IEnvironmentNotifier notifier,
    RunStarter starter,
    DurableTaskClient client,
    IOptions<EnvironmentLifecycleOptions> options,
    TimeProvider time,
    ILoggerFactory loggers)
{
    public ITemplateCatalogSource Catalog { get; } = catalog;

    public IEnvironmentStore Environments { get; } = environments;

    public IRunStore Runs { get; } = runs;

    public IActiveRunIndex ActiveRuns { get; } = activeRuns;

    public RecordUpdates Updates { get; } = new(environments, runs);

    public IStepLogStore Logs { get; } = logs;

    public ITerraformRunner Terraform { get; } = terraform;

    public TerraformStateBackend StateBackend { get; } = stateBackend;

    public RunCancellationRegistry Cancellations { get; } = cancellations;

    public IEnvironmentNotifier Notifier { get; } = notifier;

    public RunStarter Starter { get; } = starter;

    public DurableTaskClient Client { get; } = client;

    public EnvironmentLifecycleOptions Options { get; } = options.Value;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = loggers.CreateLogger("EnvOrchestrator.Lifecycle.Activities");

    public TerraformHttpBackend BackendFor(TerraformStateAddress address) => StateAddresses.BackendFor(StateBackend, Options, address);
}
