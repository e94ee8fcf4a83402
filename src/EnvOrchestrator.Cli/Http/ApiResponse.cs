using System.Text.Json;

namespace EnvOrchestrator.Cli.Http;

/// <summary>A successful answer: its status and body as sent (printed unchanged by <c>--output json</c>).</summary>
internal sealed record ApiResponse(int Status, string Body)
{
    public T Read<T>()
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Body, ApiJson.Options)
                ?? throw new CliException(ExitCodes.Unavailable, $"The service answered {Status} with an empty body where a {typeof(T).Name} was expected.");
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Unavailable, $"The service's answer is not what envctl understands: {e.Message}", "Check that --endpoint points at an EnvOrchestrator service of a matching version.", e);
        }
    }
}
