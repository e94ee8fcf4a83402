using DurableTask.Core.Exceptions;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Lifecycle.Runs;
using Microsoft.DurableTask.Client;

namespace EnvOrchestrator.Lifecycle.UseCases.Lifetimes;

/// <summary>One lifetime orchestration per expiring environment: started when missing, told when the expiry moved.</summary>
internal sealed class LifetimeTimers(DurableTaskClient client)
{
    /// <param name="raiseExtended">The expiry moved: a running timer must wake and read it again.</param>
    public async Task EnsureAsync(EnvironmentRecord environment, bool raiseExtended, CancellationToken cancellationToken)
    {
        if (environment.ExpiresAt is null)
        {
            return;
        }

        var instanceId = LifecycleInstanceIds.ForLifetime(environment.Id);
        var instance = await client.GetInstanceAsync(instanceId, cancellation: cancellationToken).ConfigureAwait(false);
        if (instance is { IsCompleted: false })
        {
            if (raiseExtended)
            {
                await client.RaiseEventAsync(instanceId, LifecycleEvents.Extended, environment.ExpiresAt, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(LifetimeOrchestrator),
                new LifetimeInput(environment.Id.Project.Value, environment.Id.Name.Value, []),
                LifecycleInstanceIds.StartLifetime(instanceId),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // Another request started it between the read and the schedule: one lifetime timer is what we want.
        }
    }
}
