using EnvOrchestrator.Core.Environments;
using Microsoft.DurableTask;

namespace EnvOrchestrator.Lifecycle.Orchestrations;

/// <summary>
/// The body shared by deploy and destroy: a deploy that needs an approval first waits for it (or for a cancel);
/// under a mandatory plan rule, a deploy first plans what it can and stops if a
/// policy refuses; then every resource starts as soon as what it waits for succeeded, running siblings finish when one
/// fails, no new one starts once a cancel event arrives, and the run completes.
/// Orchestrator code: awaits stay on the orchestration's thread (no ConfigureAwait(false)).
/// </summary>
internal static class ResourceRunLoop
{
    public static async Task<RunStatus> RunAsync(
        TaskOrchestrationContext context,
        RunInput input,
        string stepActivity,
        StepRetry? retry,
        bool cancellable)
    {
        using var stopWaiting = new CancellationTokenSource();
        Task? cancelEvent = cancellable ? context.WaitForExternalEvent<string>(LifecycleEvents.Cancel, stopWaiting.Token) : null;
        var plan = await context.CallActivityAsync<RunPlan>(nameof(Activities.StartRunActivity), input).ConfigureAwait(true);
        while (plan.ApprovalDeadline is { } deadline)
        {
            if (await WaitForApprovalAsync(context, deadline, plan.ApprovalRecheck, cancelEvent).ConfigureAwait(true))
            {
                stopWaiting.Cancel();
                return await CompleteAsync(context, input, RunStatus.Cancelled, [], []).ConfigureAwait(true);
            }

            plan = await context.CallActivityAsync<RunPlan>(nameof(Activities.StartRunActivity), input).ConfigureAwait(true);
        }

        if (plan.Failure is not null)
        {
            stopWaiting.Cancel();
            var failed = new ResourceStepResult(string.Empty, StepOutcome.Failed, plan.Failure, null);
            return await CompleteAsync(context, input, RunStatus.Failed, [.. plan.Resources.Select(r => r.Name)], [failed]).ConfigureAwait(true);
        }

        // A cancel stored before the run began counts as one raised now (its event may have been dropped).
        var cancelled = plan.Cancelled;
        if (plan.Preflight && !cancelled)
        {
            var refused = await PreflightAsync(context, input).ConfigureAwait(true);
            if (refused.Count > 0)
            {
                stopWaiting.Cancel();
                return await CompleteAsync(context, input, RunStatus.Failed, [.. plan.Resources.Select(r => r.Name)], refused).ConfigureAwait(true);
            }

            // Only here (runs that plan first): a cancel that arrived while planning stops the run before any apply.
            cancelled = cancelEvent?.IsCompleted == true;
        }

        var scheduler = new DependencyScheduler(plan.Resources);
        var running = new Dictionary<Task<ResourceStepResult>, string>();
        var failures = new List<ResourceStepResult>();
        while (true)
        {
            if (!cancelled)
            {
                foreach (var resource in scheduler.NextReady())
                {
                    var step = new ResourceStepInput(input.Project, input.Name, input.RunId, resource, context.InstanceId) { TraceParent = input.TraceParent };
                    running.Add(StartStepAsync(context, stepActivity, step, retry), resource);
                }
            }

            if (running.Count == 0)
            {
                break;
            }

            context.SetCustomStatus(new RunCustomStatus(cancelled, [.. running.Values.Order(StringComparer.Ordinal)]));
            var waitFor = running.Keys.Cast<Task>().ToList();
            if (cancelEvent is not null && !cancelled)
            {
                waitFor.Add(cancelEvent);
            }

            var finished = await Task.WhenAny(waitFor).ConfigureAwait(true);
            if (finished == cancelEvent)
            {
                cancelled = true;
                continue;
            }

            var task = (Task<ResourceStepResult>)finished;
            var result = await task.ConfigureAwait(true);
            running.Remove(task);
            var succeeded = result.Outcome is StepOutcome.Succeeded or StepOutcome.Unchanged;
            scheduler.Finish(result.Resource, succeeded);
            if (!succeeded)
            {
                failures.Add(result);
                cancelled |= result.Outcome == StepOutcome.Cancelled;
            }
        }

        // Synchronous on purpose: the abandoned wait must be cancelled on the orchestration's thread.
        stopWaiting.Cancel();
        var notStarted = scheduler.Skipped.Concat(scheduler.NotStarted).Distinct(StringComparer.Ordinal).ToList();
        var status = cancelled ? RunStatus.Cancelled : failures.Count > 0 || notStarted.Count > 0 ? RunStatus.Failed : RunStatus.Succeeded;
        return await CompleteAsync(context, input, status, notStarted, failures).ConfigureAwait(true);
    }

    /// <summary>
    /// Sleeps until the approval may have changed: a wake-up event, the re-check interval, or just past the deadline (so
    /// the next read sees it expired). True when the run was cancelled meanwhile.
    /// </summary>
    private static async Task<bool> WaitForApprovalAsync(TaskOrchestrationContext context, DateTimeOffset deadline, TimeSpan recheck, Task? cancelEvent)
    {
        var wakeAt = deadline.UtcDateTime.AddSeconds(1);
        var recheckAt = context.CurrentUtcDateTime + recheck;
        using var stop = new CancellationTokenSource();
        var timer = context.CreateTimer(recheckAt < wakeAt ? recheckAt : wakeAt, stop.Token);
        var decided = context.WaitForExternalEvent<string>(LifecycleEvents.Approval, stop.Token);
        var first = await Task.WhenAny(cancelEvent is null ? [timer, decided] : [timer, decided, cancelEvent]).ConfigureAwait(true);

        // Synchronous on purpose: the abandoned timer and wait are cancelled on the orchestration's thread.
        stop.Cancel();
        return first == cancelEvent;
    }

    private static async Task<IReadOnlyList<ResourceStepResult>> PreflightAsync(TaskOrchestrationContext context, RunInput input)
    {
        try
        {
            return await context.CallActivityAsync<IReadOnlyList<ResourceStepResult>>(nameof(Activities.PreflightActivity), input).ConfigureAwait(true);
        }
        catch (TaskFailedException e)
        {
            // Storage or backend trouble while planning: the run fails (retry plans again) instead of holding the environment.
            return [new ResourceStepResult(string.Empty, StepOutcome.Failed, new FailureDetails("Lifecycle.PreflightFailed", FailureText.Concise(e.FailureDetails.ErrorMessage), e.FailureDetails.ErrorType, IsTransient: true), null)];
        }
    }

    private static async Task<ResourceStepResult> StartStepAsync(TaskOrchestrationContext context, string activity, ResourceStepInput step, StepRetry? retry)
    {
        var delay = retry?.FirstInterval ?? TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            var again = retry is not null && attempt < retry.MaxAttempts;
            try
            {
                var result = await context.CallActivityAsync<ResourceStepResult>(activity, step).ConfigureAwait(true);
                if (!again || result is not { Outcome: StepOutcome.Failed, Failure.IsTransient: true })
                {
                    return result;
                }

                // A failure returned as data that may pass (state backend or storage unavailable): same backoff as a thrown one.
                await context.WaitAsync(delay, CancellationToken.None).ConfigureAwait(true);
                delay *= 2;
            }
            catch (TaskFailedException e) when (again && e.FailureDetails.IsCausedBy<Activities.TransientStepException>())
            {
                await context.WaitAsync(delay, CancellationToken.None).ConfigureAwait(true);
                delay *= 2;
            }
            catch (TaskFailedException e)
            {
                // Retries are exhausted (or the failure was not retryable): the resource failed, the run goes on with its siblings.
                var details = new FailureDetails("Lifecycle.StepFailed", FailureText.Concise(e.FailureDetails.ErrorMessage), e.FailureDetails.ErrorType, IsTransient: true);
                return new ResourceStepResult(step.Resource, StepOutcome.Failed, details, null);
            }
        }
    }

    private static async Task<RunStatus> CompleteAsync(
        TaskOrchestrationContext context, RunInput input, RunStatus status, IReadOnlyList<string> notStarted, IReadOnlyList<ResourceStepResult> failures)
    {
        context.SetCustomStatus(new RunCustomStatus(status == RunStatus.Cancelled, []));
        await context.CallActivityAsync<string>(nameof(Activities.CompleteRunActivity), new CompleteRunInput(input, status, notStarted, failures)).ConfigureAwait(true);
        return status;
    }
}
