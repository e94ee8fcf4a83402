using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using EnvOrchestrator.Cli.Configuration;

namespace EnvOrchestrator.Cli.Http;

/// <summary>
/// The HTTP API as envctl calls it: names the caller, turns error statuses into <see cref="ApiProblemException"/> and
/// network failures into <see cref="CliException"/> with exit code 5.
/// </summary>
internal sealed class ApiClient : IDisposable
{
    public const string UserHeader = "X-EnvOrch-User";

    private readonly HttpClient _http;
    private readonly TimeSpan _requestTimeout;

    public ApiClient(ConnectionSettings settings, TimeSpan requestTimeout)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Endpoint = settings.Endpoint;
        _requestTimeout = requestTimeout;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) })
        {
            BaseAddress = settings.Endpoint,

            // Streams run as long as their run; single requests are bounded by _requestTimeout instead.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("envctl", typeof(ApiClient).Assembly.GetName().Version?.ToString(3)));
        if (settings.User is not null)
        {
            _http.DefaultRequestHeaders.Add(UserHeader, settings.User);
        }

        if (settings.Token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
        }
    }

    public Uri Endpoint { get; }

    public Task<ApiResponse> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, Relative(path));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            ThrowIfError(response, text);
            return new ApiResponse((int)response.StatusCode, text);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unavailable, $"The service at {Endpoint} did not answer {method} /{path} within {_requestTimeout.TotalSeconds:0}s.", "Check that it is running and not overloaded, then try again.", e);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }
    }

    /// <summary>Follows a server-sent event stream (a run's <c>logs?follow=true</c> link) until the service ends it.</summary>
    public async IAsyncEnumerable<SseItem<string>> FollowAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Relative(path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                ThrowIfError(response, await response.Content.ReadAsStringAsync(cancellationToken));
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
            {
                yield return item;
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private static Uri Relative(string path) => new(path.TrimStart('/'), UriKind.Relative);

    private static void ThrowIfError(HttpResponseMessage response, string body)
    {
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            throw new ApiProblemException(status, ApiProblem.Parse(status, response.ReasonPhrase, body), body);
        }
    }

    private CliException Unreachable(HttpRequestException e) => new(
        ExitCodes.Unavailable,
        $"Cannot reach the service at {Endpoint}: {e.Message}",
        "Start it (dotnet run --project src/EnvOrchestrator.Server) or point envctl at it: envctl login --endpoint URL --user NAME, ENVCTL_ENDPOINT or --endpoint.",
        e);
}
