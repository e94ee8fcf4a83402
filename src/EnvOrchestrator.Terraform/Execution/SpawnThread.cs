namespace EnvOrchestrator.Terraform.Execution;

/// <summary>
/// One thread that lives as long as the process and starts every Terraform process. Linux sends the parent-death
/// signal when the <em>thread</em> that forked the child ends, not the process: started from a thread-pool thread
/// that the pool later retires, Terraform would be sent SIGTERM while the service still runs.
/// </summary>
internal static class SpawnThread
{
    private static readonly Lazy<Queue> Instance = new(() => new Queue(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Runs <paramref name="start"/> on the spawn thread; whatever it starts has that thread as its parent.</summary>
    public static Task<T> RunAsync<T>(Func<T> start)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Instance.Value.Add(() =>
        {
            try
            {
                completion.SetResult(start());
            }
#pragma warning disable CA1031 // Everything goes back to the caller, whose thread this is not.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                completion.SetException(ex);
            }
        });
        return completion.Task;
    }

    private sealed class Queue
    {
        private readonly System.Collections.Concurrent.BlockingCollection<Action> _work = [];

        public Queue()
        {
            // Never completed: the thread must outlive every process it started, so it ends only with the process.
            var thread = new Thread(() =>
            {
                foreach (var item in _work.GetConsumingEnumerable())
                {
                    item();
                }
            })
            {
                IsBackground = true,
                Name = "terraform-spawn",
            };
            thread.Start();
        }

        public void Add(Action item) => _work.Add(item);
    }
}
