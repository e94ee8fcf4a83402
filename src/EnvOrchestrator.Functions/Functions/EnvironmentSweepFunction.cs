using EnvOrchestrator.Functions.Durable;
using EnvOrchestrator.Lifecycle;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Functions.Functions;

/// <summary>
/// The sweep (expired environments, orphaned and interrupted runs, retention) on the host's timer: one schedule for the
/// whole app, at most one occurrence at a time (the monitor), instead of a hosted loop in every instance. A failed pass
/// is logged by the host; the next minute sweeps again, every action of a pass being guarded.
/// </summary>
public static partial class EnvironmentSweepFunction
{
    public const string Name = "EnvironmentSweep";

    /// <summary>Every minute, at second 0 (six-field NCRONTAB, as the timer trigger reads it).</summary>
    public const string Schedule = "0 * * * * *";

    [Function(Name)]
    public static async Task Run(
        [TimerTrigger(Schedule, UseMonitor = true)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext function)
    {
        ArgumentNullException.ThrowIfNull(timer);
        ArgumentNullException.ThrowIfNull(function);
        var services = function.InstanceServices;
        services.GetRequiredService<HostDurableClientBinding>().Bind(client);
        var result = await services.GetRequiredService<IEnvironmentSweeper>().SweepOnceAsync(function.CancellationToken);
        LogSwept(function.GetLogger(Name), timer.IsPastDue, result.DestroysStarted, result.RunsResumed, result.RunsReleased, result.EnvironmentsPurged);
    }

    [LoggerMessage(6201, LogLevel.Information, "Sweep (past due: {IsPastDue}): {DestroysStarted} destroys started, {RunsResumed} runs resumed, {RunsReleased} runs released, {Purged} purged")]
    private static partial void LogSwept(ILogger logger, bool isPastDue, int destroysStarted, int runsResumed, int runsReleased, int purged);
}
