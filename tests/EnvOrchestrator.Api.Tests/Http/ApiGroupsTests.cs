using System.Net;
using System.Text;
using System.Text.Json;
using EnvOrchestrator.Api.Endpoints;
using EnvOrchestrator.Api.Http;
using EnvOrchestrator.Api.OpenApi;
using EnvOrchestrator.Api.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Api.Tests.Http;

/// <summary>
/// A new endpoint in an API group, written without any access or body code, still gets both from the group's
/// filters (<see cref="ApiGroups.WithApiRequestFilters"/>): the handler only runs for an allowed caller and a read body.
/// </summary>
public sealed class ApiGroupsTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private Uri _address = null!;
    private int _handled;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddEnvOrchestratorApi(security: s => s.Mode = SecurityMode.Development);
        builder.Services.AddSingleton<Core.Audit.IAuditLog, Core.Audit.InMemory.InMemoryAuditLog>();
        builder.Services.AddSingleton<Lifecycle.UseCases.Audit.AuditTrail>();
        _app = builder.Build();
        var things = _app.MapGroup("/api/projects/{project}/things").WithApiRequestFilters();
        things.MapGet("/", (HttpContext context) =>
        {
            Interlocked.Increment(ref _handled);
            return context.Caller().Name;
        });
        things.MapPost("/", (HttpContext context) =>
        {
            Interlocked.Increment(ref _handled);
            return context.Body<ExtendEnvironmentRequest>().By;
        }).RequiresAccess(ProjectAction.Read).WithJsonBody<ExtendEnvironmentRequest>();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _address = new Uri(address);
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task NewEndpoint_UnacceptableIdentity_Refused401BeforeHandler()
    {
        using var request = Request(HttpMethod.Get, new string('u', 300), "team-a=owner");

        using var response = await SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthenticated", await CodeAsync(response));
        Assert.Equal(0, _handled);
    }

    [Fact(Timeout = 30_000)]
    public async Task NewEndpoint_UndeclaredAction_NeedsStrictestRole()
    {
        using var asOwner = Request(HttpMethod.Get, "olga", "team-a=owner");
        using var asPlatformAdmin = Request(HttpMethod.Get, "pat", "platform-admin");

        using var owner = await SendAsync(asOwner);
        using var platformAdmin = await SendAsync(asPlatformAdmin);

        Assert.Equal(HttpStatusCode.Forbidden, owner.StatusCode);
        Assert.Equal("access.denied", await RuleAsync(owner));
        Assert.Equal(HttpStatusCode.OK, platformAdmin.StatusCode);
        Assert.Equal("pat", await platformAdmin.Content.ReadAsStringAsync());
        Assert.Equal(1, _handled);
    }

    [Fact(Timeout = 30_000)]
    public async Task NewEndpoint_BadProjectName_Refused400NamingProject()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/projects/Team_A/things");

        using var response = await SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("name.invalid", await RuleAsync(response));
        Assert.Equal(0, _handled);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("", "application/json", 400, "body.required")]
    [InlineData("""{"by":"1h","colour":"red"}""", "application/json", 400, "body.json")]
    [InlineData("""{"by":"1h"}""", "text/plain", 415, "content-type.json")]
    public async Task NewEndpoint_DeclaredBodyRefused_ProblemBeforeHandler(string json, string contentType, int status, string rule)
    {
        using var request = Request(HttpMethod.Post, "reader", "team-a=reader");
        request.Content = new StringContent(json, Encoding.UTF8, contentType);

        using var response = await SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(rule, await RuleAsync(response));
        Assert.Equal(0, _handled);
    }

    [Fact(Timeout = 30_000)]
    public async Task NewEndpoint_DeclaredBodyRead_HandlerGetsIt()
    {
        using var request = Request(HttpMethod.Post, "reader", "team-a=reader");
        request.Content = new StringContent("""{"by":"90m"}""", Encoding.UTF8, "application/json");

        using var response = await SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("90m", await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using var http = new HttpClient { BaseAddress = _address, Timeout = TimeSpan.FromSeconds(20) };
        return await http.SendAsync(request);
    }

    private static HttpRequestMessage Request(HttpMethod method, string user, string roles)
    {
        var request = new HttpRequestMessage(method, "/api/projects/team-a/things");
        request.Headers.TryAddWithoutValidation(HeaderRequestIdentity.UserHeader, user);
        request.Headers.TryAddWithoutValidation(HeaderRequestIdentity.RolesHeader, roles);
        return request;
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString();

    private static async Task<string?> RuleAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("rule").GetString();
}
