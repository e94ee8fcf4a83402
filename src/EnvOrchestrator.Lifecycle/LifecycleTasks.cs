using EnvOrchestrator.Lifecycle.Activities;
using EnvOrchestrator.Lifecycle.Orchestrations;

namespace EnvOrchestrator.Lifecycle;

/// <summary>
/// The lifecycle's orchestrators and activities, registered under their type names. Every host runs exactly these:
/// the self-hosted worker registers them (<see cref="EnvironmentLifecycleServiceCollectionExtensions.AddLifecycleTasks"/>),
/// the Functions app declares one function per name, and a test holds the two sets equal.
/// </summary>
public static class LifecycleTasks
{
    public static IReadOnlyList<Type> Orchestrators { get; } =
    [
        typeof(DeployOrchestrator),
        typeof(DestroyOrchestrator),
        typeof(LifetimeOrchestrator),
    ];

    public static IReadOnlyList<Type> Activities { get; } =
    [
        typeof(StartRunActivity),
        typeof(PreflightActivity),
        typeof(ApplyResourceActivity),
        typeof(DestroyResourceActivity),
        typeof(CompleteRunActivity),
        typeof(ReadExpiryActivity),
        typeof(WarnExpiryActivity),
        typeof(ExpireEnvironmentActivity),
    ];
}
