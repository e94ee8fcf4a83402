using System.Buffers;

namespace EnvOrchestrator.Durable;

/// <summary>
/// Instance ids: 1–200 characters of ASCII letters, digits and <c>- _ . : @</c>. The set avoids every character
/// Azure Table keys or queue/blob names treat specially, so ids never need escaping to be stored or logged.
/// </summary>
public static class InstanceIds
{
    public const int MaxLength = 200;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:@");

    public static bool IsValid(string? instanceId) =>
        !string.IsNullOrEmpty(instanceId) && instanceId.Length <= MaxLength && !instanceId.AsSpan().ContainsAnyExcept(Allowed);

    /// <exception cref="ArgumentException">The id is empty, too long or has a character outside the allowed set.</exception>
    public static void Validate(string? instanceId, string parameterName)
    {
        if (!IsValid(instanceId))
        {
            throw new ArgumentException(
                $"Instance ids are 1–{MaxLength} characters of letters, digits and - _ . : @.", parameterName);
        }
    }
}
