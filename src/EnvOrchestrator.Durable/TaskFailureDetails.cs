namespace EnvOrchestrator.Durable;

/// <summary>Why a task, activity or orchestration failed; stored as data and shown to callers.</summary>
/// <param name="ErrorType">The full name of the exception type, or an engine error code such as <c>PoisonMessage</c>.</param>
public sealed record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace, TaskFailureDetails? InnerFailure)
{
    /// <summary>True when the failure was caused by an exception of type <typeparamref name="T"/> (by full name).</summary>
    public bool IsCausedBy<T>()
        where T : Exception => ErrorType == typeof(T).FullName;

    internal static TaskFailureDetails FromException(Exception exception) => exception switch
    {
        TaskFailedException failed => new(
            typeof(TaskFailedException).FullName!, failed.Message, failed.StackTrace, failed.FailureDetails),
        _ => new(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.StackTrace,
            exception.InnerException is null ? null : FromException(exception.InnerException)),
    };
}
