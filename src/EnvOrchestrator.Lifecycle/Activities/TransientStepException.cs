namespace EnvOrchestrator.Lifecycle.Activities;

/// <summary>
/// Thrown by a step whose failure may go away on its own (state lock, backend hiccup, timeout), so that the
/// orchestration's <c>RetryPolicy</c> retries it; every other failure is returned as data.
/// </summary>
public sealed class TransientStepException : Exception
{
    public TransientStepException()
    {
    }

    public TransientStepException(string message)
        : base(message)
    {
    }

    public TransientStepException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
