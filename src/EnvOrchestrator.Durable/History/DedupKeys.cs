using System.Globalization;

namespace EnvOrchestrator.Durable.History;

/// <summary>Deterministic identities of inbound events; the same message always yields the same key.</summary>
internal static class DedupKeys
{
    public static string Start(string executionId) => "start:" + executionId;

    public static string Task(string executionId, int taskId) => Format("task", executionId, taskId);

    public static string Timer(string executionId, int taskId) => Format("timer", executionId, taskId);

    public static string SubOrchestration(string executionId, int taskId) => Format("sub", executionId, taskId);

    public static string SentEvent(string sourceInstanceId, string executionId, int taskId) =>
        string.Create(CultureInfo.InvariantCulture, $"evt:{sourceInstanceId}:{executionId}:{taskId}");

    public static string ClientEvent(Guid id) => "evt:" + id.ToString("N");

    public static string Terminate(Guid id) => "terminate:" + id.ToString("N");

    public static string Suspend(Guid id) => "suspend:" + id.ToString("N");

    public static string Resume(Guid id) => "resume:" + id.ToString("N");

    public static string Poison(string messageId) => "poison:" + messageId;

    private static string Format(string prefix, string executionId, int taskId) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}:{executionId}:{taskId}");
}
