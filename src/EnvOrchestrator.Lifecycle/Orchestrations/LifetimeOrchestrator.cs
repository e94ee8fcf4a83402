using EnvOrchestrator.Lifecycle.Activities;
using Microsoft.DurableTask;

namespace EnvOrchestrator.Lifecycle.Orchestrations;

/// <summary>
/// One per environment (<c>env:{project}:{name}:lifetime</c>): sleeps on a durable timer until the next expiry
/// warning or the expiry, wakes early on an <c>extended</c> event, sends warnings, and at expiry starts the destroy.
/// Each wake-up ends in ContinueAsNew, so the history stays a few events long however often it is extended.
/// </summary>
internal sealed class LifetimeOrchestrator : TaskOrchestrator<LifetimeInput, string>
{
    // Only a safety net: the run holding an expired environment wakes the lifetime when it ends (RunFinished).
    private static readonly TimeSpan BusyRetry = TimeSpan.FromMinutes(1);

    public override async Task<string> RunAsync(TaskOrchestrationContext context, LifetimeInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var info = await context.CallActivityAsync<ExpiryInfo>(nameof(ReadExpiryActivity), input).ConfigureAwait(true);
        if (!info.Active || info.ExpiresAt is not { } expiresAt)
        {
            return "not-expiring";
        }

        var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var warning = info.WarnBefore
            .Where(b => b > TimeSpan.Zero && expiresAt - b > now && !input.Warned.Contains(Key(expiresAt, b)))
            .OrderByDescending(b => b)
            .Select(b => (TimeSpan?)b)
            .FirstOrDefault();
        var wakeAt = warning is { } before ? expiresAt - before : expiresAt;
        if (wakeAt > now)
        {
            using var stop = new CancellationTokenSource();
            var timer = context.WaitUntilAsync(wakeAt.UtcDateTime, stop.Token);
            var extended = context.WaitForExternalEvent<string>(LifecycleEvents.Extended, stop.Token);
            var winner = await Task.WhenAny(timer, extended).ConfigureAwait(true);
            stop.Cancel();
            if (winner == extended)
            {
                context.ContinueAsNew(input);
                return "extended";
            }
        }

        if (warning is { } due)
        {
            await context.CallActivityAsync<string>(nameof(WarnExpiryActivity), new ExpiryWarningInput(input.Project, input.Name, expiresAt, due)).ConfigureAwait(true);
            context.ContinueAsNew(input with { Warned = [.. input.Warned, Key(expiresAt, due)] });
            return "warned";
        }

        var outcome = await context.CallActivityAsync<ExpireOutcome>(nameof(ExpireEnvironmentActivity), input).ConfigureAwait(true);
        switch (outcome)
        {
            case ExpireOutcome.Busy:
            {
                using var stop = new CancellationTokenSource();
                var retry = context.WaitAsync(BusyRetry, stop.Token);
                var finished = context.WaitForExternalEvent<string>(LifecycleEvents.RunFinished, stop.Token);
                var extended = context.WaitForExternalEvent<string>(LifecycleEvents.Extended, stop.Token);
                await Task.WhenAny(retry, finished, extended).ConfigureAwait(true);
                stop.Cancel();
                context.ContinueAsNew(input);
                return "busy";
            }
            case ExpireOutcome.NotDue:
                context.ContinueAsNew(input);
                return "not-due";
            default:
                return "destroying";
        }
    }

    private static string Key(DateTimeOffset expiresAt, TimeSpan before) => $"{expiresAt.UtcDateTime:O}/{before}";
}
