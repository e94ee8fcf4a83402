using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using EnvOrchestrator.Functions.CustomHandler;
using EnvOrchestrator.Functions.Tests.EndToEnd;
using EnvOrchestrator.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace EnvOrchestrator.Functions.Tests.CustomHandler;

/// <summary>
/// The service as a Functions custom handler: the test plays the Functions host, taking messages from Azurite with a
/// plain QueueClient and posting the host's documented invocation payloads to the service on loopback Kestrel.
/// </summary>
public sealed class QueueTriggerTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact(Timeout = 120_000)]
    public async Task QueueTriggers_HostPayloadsForAzuriteMessages_DeployReachesReady()
    {
        await using var service = await StartAsCustomHandlerAsync();
        using var client = new EnvironmentClient(service.Settings.BaseAddress);
        using var http = new HttpClient { BaseAddress = service.Settings.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(110));
        var pollers = service.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();
        var queues = HostQueues(service.Settings.Values["EnvOrchestrator:TaskHub"]);
        var answers = new List<(HttpStatusCode Status, JsonElement Body)>();

        await client.CreateAsync("team-a", new { name = "handled", template = "cache-only@1.0.0", inputs = new { delay_seconds = 0 } }, cts.Token);
        JsonElement environment;
        do
        {
            foreach (var (function, queue) in queues)
            {
                foreach (var message in (await queue.ReceiveMessagesAsync(16, TimeSpan.FromMinutes(2), cts.Token)).Value)
                {
                    answers.Add(await InvokeAsync(http, function, queue, message, cts.Token));
                }
            }

            environment = await client.GetAsync("team-a", "handled", cts.Token);
            await Task.Delay(100, cts.Token);
        }
        while (environment.GetProperty("status").GetString() != "Ready" || environment.GetProperty("currentRunId").ValueKind != JsonValueKind.Null);

        Assert.DoesNotContain("DurableTaskWorkerService", pollers);
        Assert.Contains(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status == HttpStatusCode.OK), a =>
        {
            Assert.Empty(a.Body.GetProperty("Outputs").EnumerateObject());
            Assert.Equal(JsonValueKind.Array, a.Body.GetProperty("Logs").ValueKind);
            Assert.Equal(JsonValueKind.Null, a.Body.GetProperty("ReturnValue").ValueKind);
        });
        Assert.All(environment.GetProperty("resources").EnumerateArray(), r => Assert.Equal(1, r.GetProperty("applyCount").GetInt32()));
    }

    [Theory(Timeout = 60_000)]
    [InlineData("not json")]
    [InlineData("""{"Data":{},"Metadata":{"Id":"1","PopReceipt":"r"}}""")]
    [InlineData("""{"Data":{"message":"text"},"Metadata":{"DequeueCount":1}}""")]
    public async Task QueueTrigger_MalformedPayload_Returns400ProblemDetails(string payload)
    {
        await using var service = await StartAsCustomHandlerAsync();
        using var http = new HttpClient { BaseAddress = service.Settings.BaseAddress };

        using var response = await http.PostAsync(
            new Uri("/" + FunctionNames.ControlQueue(0), UriKind.Relative), new StringContent(payload, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
    }

    private static readonly JsonSerializerOptions HostJson = new();

    private Task<InProcessService> StartAsCustomHandlerAsync()
    {
        var settings = ServiceSettings.Create(azurite.ConnectionString);
        settings.Values["FUNCTIONS_CUSTOMHANDLER_PORT"] = settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return InProcessService.StartAsync(settings, output);
    }

    /// <summary>The hub's queues as function.json would bind them (physical name = lower-case hub + "-" + queue).</summary>
    private List<(string Function, QueueClient Queue)> HostQueues(string taskHub)
    {
        var queues = new QueueServiceClient(azurite.ConnectionString);
        return FunctionNames.QueueTriggers(FunctionNames.ControlQueueFunctions)
            .Select(t => (t.Key, queues.GetQueueClient(taskHub.ToLowerInvariant() + "-" + t.Value)))
            .ToList();
    }

    /// <summary>What the Functions host does per message: post the invocation, and delete the message after a 2xx.</summary>
    private async Task<(HttpStatusCode, JsonElement)> InvokeAsync(HttpClient http, string function, QueueClient queue, QueueMessage message, CancellationToken cancellationToken)
    {
        var invocation = new
        {
            Data = new Dictionary<string, string> { ["message"] = message.MessageText },
            Metadata = new Dictionary<string, object?>
            {
                ["Id"] = message.MessageId,
                ["PopReceipt"] = message.PopReceipt,
                ["DequeueCount"] = message.DequeueCount,
                ["InsertionTime"] = message.InsertedOn,
                ["ExpirationTime"] = message.ExpiresOn,
                ["NextVisibleTime"] = message.NextVisibleOn,
                ["sys"] = new { MethodName = function, UtcNow = DateTimeOffset.UtcNow, RandGuid = Guid.NewGuid() },
            },
        };
        // Serialised as the host writes it: property names exactly as given (Pascal case).
        using var response = await http.PostAsJsonAsync(new Uri("/" + function, UriKind.Relative), invocation, HostJson, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        output.WriteLine($"[host] {function} {message.MessageId} -> {(int)response.StatusCode} {body}");
        if (response.IsSuccessStatusCode)
        {
            try
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // The engine deleted it already; the host ignores this too.
            }
        }

        return (response.StatusCode, body);
    }
}
