using EnvOrchestrator.Core.Environments;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask;

namespace EnvOrchestrator.Lifecycle.Runs;

/// <summary>
/// Orchestration instance ids, derived from the environment and the run so that a duplicate request finds the
/// instance that already exists instead of starting a second one.
/// </summary>
internal static class LifecycleInstanceIds
{
    /// <summary><c>env:{project}:{name}:{kind}:{runId}</c>, e.g. <c>env:team-a:pr-42:deploy:20261124T0450121234567Z-1a2b3c4d</c>.</summary>
    public static string ForRun(EnvironmentId environment, RunKind kind, RunId run) =>
        $"env:{environment.Project.Value}:{environment.Name.Value}:{kind.ToString().ToLowerInvariant()}:{run.Value}";

    /// <summary><c>env:{project}:{name}:lifetime</c>: one expiry timer per environment.</summary>
    public static string ForLifetime(EnvironmentId environment) =>
        $"env:{environment.Project.Value}:{environment.Name.Value}:lifetime";

    /// <summary>A run's orchestration runs once, ever: a second start of its id, in any status, is refused.</summary>
    public static StartOrchestrationOptions StartRun(string instanceId) =>
        new StartOrchestrationOptions(instanceId).WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]);

    /// <summary>One lifetime timer at a time; a finished one (the environment was destroyed, then reused) may start again.</summary>
    public static StartOrchestrationOptions StartLifetime(string instanceId) =>
        new StartOrchestrationOptions(instanceId).WithDedupeStatuses(OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended);
}
