namespace EnvOrchestrator.Testing;

/// <summary>Waits for something that happens in another process or thread, without a fixed sleep.</summary>
public static class Eventually
{
    /// <summary>Polls every 100 ms until <paramref name="condition"/> holds.</summary>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="timeout"/>.</exception>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var cts = new CancellationTokenSource(timeout);
        while (!await condition().ConfigureAwait(false))
        {
            try
            {
                await Task.Delay(100, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Not within {timeout}: {what}.");
            }
        }
    }
}
