using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EnvOrchestrator.Terraform.Json;
using EnvOrchestrator.Terraform.Redaction;

namespace EnvOrchestrator.Terraform.Execution;

/// <summary>Reads a run's outputs from its state with the http backend's own <c>GET {address}</c>.</summary>
internal static class StateOutputs
{
    /// <summary>The outputs, or null when the backend did not answer with a readable state.</summary>
    public static async Task<IReadOnlyDictionary<string, TerraformValue>?> TryReadAsync(
        HttpClient client, TerraformHttpBackend backend, SecretRedactor redactor, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, backend.Address);
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(backend.Username + ":" + backend.Password)));
        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.NoContent)
            {
                return null;
            }

            var state = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return OutputReader.ReadState(state, redactor);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException or OperationCanceledException)
        {
            // Cancelled too: the fallback command then sees the cancellation and reports it as data, like any command.
            return null;
        }
    }
}
