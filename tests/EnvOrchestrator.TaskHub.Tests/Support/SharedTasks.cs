using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.TaskHub.Tests.Support;

/// <summary>Which host a task ran on: each host (the test's own, each worker process) registers its own.</summary>
internal sealed record HostIdentity(string Name);

/// <summary>The tasks both the test process and its worker processes run, so either can take over the other's work.</summary>
internal static class SharedTasks
{
    public const string CrashMarker = "crash activity started";
    public const string StepMarker = "relay step ran on";

    /// <param name="host">The registering host's name: orchestrators are not created through DI, activities are.</param>
    public static void Register(DurableTaskRegistry registry, string host) => registry
        .AddOrchestrator(nameof(RelayOrchestrator), () => new RelayOrchestrator(new HostIdentity(host)))
        .AddActivity<WhereAmIActivity>()
        .AddOrchestrator<PoisonedOrchestrator>()
        .AddActivity<CrashActivity>();
}

internal sealed record RelayInput(int Steps, int StepMilliseconds);

/// <param name="StepHosts">The host each step (activity) ran on, in order.</param>
/// <param name="OrchestratedBy">The host that ran the episode that completed the orchestration.</param>
internal sealed record RelayOutput(string[] StepHosts, string OrchestratedBy);

/// <summary>
/// A chain of steps. Its custom status names the host that ran its latest episode: what a test reads to know which
/// host holds the instance's partition.
/// </summary>
internal sealed class RelayOrchestrator(HostIdentity host) : TaskOrchestrator<RelayInput, RelayOutput>
{
    public override async Task<RelayOutput> RunAsync(TaskOrchestrationContext context, RelayInput input)
    {
        var hosts = new List<string>();
        for (var step = 0; step < input.Steps; step++)
        {
            context.SetCustomStatus(host.Name);
            hosts.Add(await context.CallActivityAsync<string>(nameof(WhereAmIActivity), input.StepMilliseconds));
        }

        return new RelayOutput([.. hosts], host.Name);
    }
}

internal sealed partial class WhereAmIActivity(HostIdentity host, ILogger<WhereAmIActivity> logger) : TaskActivity<int, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, int input)
    {
        await Task.Delay(input);
        Ran(logger, host.Name, context.InstanceId);
        return host.Name;
    }

    [LoggerMessage(9001, LogLevel.Information, SharedTasks.StepMarker + " {Host} for {InstanceId}")]
    private static partial void Ran(ILogger logger, string host, string instanceId);
}

internal sealed record PoisonOutcome(string ErrorType, string ErrorMessage);

/// <summary>Calls an activity that kills its worker, and handles the failure the runtime ends it with.</summary>
internal sealed class PoisonedOrchestrator : TaskOrchestrator<string?, PoisonOutcome>
{
    public override async Task<PoisonOutcome> RunAsync(TaskOrchestrationContext context, string? input)
    {
        try
        {
            await context.CallActivityAsync<string>(nameof(CrashActivity));
            return new PoisonOutcome("(none)", "the activity returned");
        }
        catch (TaskFailedException e)
        {
            return new PoisonOutcome(e.FailureDetails.ErrorType, e.FailureDetails.ErrorMessage);
        }
    }
}

/// <summary>Works a little, then kills its own process, as an out-of-memory kill or a segfault in a tool would.</summary>
internal sealed class CrashActivity(HostIdentity host) : TaskActivity<string?, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, string? input)
    {
        Console.Out.WriteLine($"{SharedTasks.CrashMarker} in {host.Name} for {context.InstanceId}");
        await Task.Delay(TimeSpan.FromSeconds(2));
        using var self = Process.GetCurrentProcess();
        self.Kill();
        return "unreachable";
    }
}
