namespace EnvOrchestrator.Durable;

/// <summary>An activity, untyped; implement <see cref="TaskActivity{TInput, TOutput}"/> instead.</summary>
public interface ITaskActivity
{
    Type InputType { get; }

    Type OutputType { get; }

    Task<object?> RunAsync(TaskActivityContext context, object? input);
}

/// <summary>
/// A unit of work run at least once. Make it idempotent, e.g. keyed by <see cref="TaskActivityContext.IdempotencyKey"/>.
/// </summary>
public abstract class TaskActivity<TInput, TOutput> : ITaskActivity
{
    Type ITaskActivity.InputType => typeof(TInput);

    Type ITaskActivity.OutputType => typeof(TOutput);

    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input);

    async Task<object?> ITaskActivity.RunAsync(TaskActivityContext context, object? input) =>
        await RunAsync(context, (TInput)input!).ConfigureAwait(false);
}

/// <summary>What an activity knows about its invocation.</summary>
public abstract class TaskActivityContext
{
    public abstract string Name { get; }

    public abstract string InstanceId { get; }

    /// <summary><c>{instanceId}:{executionId}:{taskId}</c>: the same for every redelivery of this invocation.</summary>
    public abstract string IdempotencyKey { get; }

    /// <summary>Cancelled when the worker shuts down.</summary>
    public abstract CancellationToken CancellationToken { get; }
}
