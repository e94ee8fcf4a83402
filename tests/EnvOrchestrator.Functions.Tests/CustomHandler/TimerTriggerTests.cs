using System.Collections.Immutable;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using System.Text;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Functions.CustomHandler;
using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace EnvOrchestrator.Functions.Tests.CustomHandler;

/// <summary>
/// The sweep as the Functions host's timer trigger: the test plays the host, posting the documented timer invocation
/// to the service on loopback Kestrel, as it would every minute.
/// </summary>
public sealed class TimerTriggerTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private static readonly JsonSerializerOptions HostJson = new();

    [Fact(Timeout = 120_000)]
    public async Task EnvironmentSweep_HostTimerPayload_ExpiredEnvironmentStartsDestroying()
    {
        await using var service = await StartAsCustomHandlerAsync();
        using var http = new HttpClient { BaseAddress = service.Settings.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var environments = service.Services.GetRequiredService<IEnvironmentStore>();
        var id = EnvironmentId.Parse("team-a", "overdue");
        Assert.True((await environments.CreateAsync(ExpiredReadyEnvironment(id), CancellationToken.None)).Succeeded);
        var invocation = new
        {
            Data = new Dictionary<string, object>
            {
                ["timer"] = new
                {
                    Schedule = new { AdjustForDST = true },
                    ScheduleStatus = new { Last = DateTimeOffset.UtcNow.AddMinutes(-1), Next = DateTimeOffset.UtcNow.AddMinutes(1), LastUpdated = DateTimeOffset.UtcNow.AddMinutes(-1) },
                    IsPastDue = false,
                },
            },
            Metadata = new Dictionary<string, object?>
            {
                ["sys"] = new { MethodName = FunctionNames.EnvironmentSweep, UtcNow = DateTimeOffset.UtcNow, RandGuid = Guid.NewGuid() },
            },
        };

        // Serialised as the host writes it: property names exactly as given (Pascal case).
        using var response = await http.PostAsJsonAsync(new Uri("/" + FunctionNames.EnvironmentSweep, UriKind.Relative), invocation, HostJson);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        output.WriteLine($"[host] {FunctionNames.EnvironmentSweep} -> {(int)response.StatusCode} {body}");
        var after = await environments.FindAsync(id, CancellationToken.None);
        var runs = await service.Services.GetRequiredService<IRunStore>().ListAsync(id, 10, null, CancellationToken.None);

        Assert.False(service.Services.GetRequiredService<IOptions<EnvironmentLifecycleOptions>>().Value.SweepInProcess);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(body.GetProperty("Outputs").EnumerateObject());
        Assert.Contains("1 destroys started", Assert.Single(body.GetProperty("Logs").EnumerateArray()).GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("ReturnValue").ValueKind);
        var destroy = Assert.Single(runs.Items);
        Assert.Equal((RunKind.Destroy, "system:expiry-sweep"), (destroy.Kind, destroy.RequestedBy));

        // Its resources never held anything: the destroy may already be over when the environment is read.
        Assert.Contains(after!.Status, new[] { EnvironmentStatus.Destroying, EnvironmentStatus.Destroyed });
    }

    [Theory(Timeout = 60_000)]
    [InlineData("not json")]
    [InlineData("""{"Data":{"timer":42},"Metadata":{}}""")]
    [InlineData("""{"Data":{"timer":{"IsPastDue":"no"}},"Metadata":{}}""")]
    public async Task EnvironmentSweep_MalformedPayload_Returns400ProblemDetails(string payload)
    {
        await using var service = await StartAsCustomHandlerAsync();
        using var http = new HttpClient { BaseAddress = service.Settings.BaseAddress };

        using var response = await http.PostAsync(
            new Uri("/" + FunctionNames.EnvironmentSweep, UriKind.Relative), new StringContent(payload, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
    }

    private Task<InProcessService> StartAsCustomHandlerAsync()
    {
        var settings = ServiceSettings.Create(azurite.ConnectionString);
        settings.Values["FUNCTIONS_CUSTOMHANDLER_PORT"] = settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return InProcessService.StartAsync(settings, output);
    }

    /// <summary>A deployed environment whose lifetime ended an hour ago and whose expiry timer never fired.</summary>
    private static EnvironmentRecord ExpiredReadyEnvironment(EnvironmentId id)
    {
        var created = DateTimeOffset.UtcNow.AddHours(-2);
        Assert.True(TemplateReference.TryParse("cache-only@1.0.0", out var template));
        var environment = EnvironmentRecord.Create(
            id, template, new SemVersion(1, 0, 0), ImmutableSortedDictionary<string, Value>.Empty, [], "alice", created, created.AddHours(1));
        foreach (var status in new[] { EnvironmentStatus.Queued, EnvironmentStatus.Deploying, EnvironmentStatus.Ready })
        {
            environment = environment.TransitionTo(status, created).Value!;
        }

        return environment;
    }
}
