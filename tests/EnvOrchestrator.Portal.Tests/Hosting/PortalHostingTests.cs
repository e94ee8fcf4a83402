using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Portal.Tests.Hosting;

/// <summary>How the portal's files are served: a bare app with only the portal mapped, on loopback.</summary>
public sealed class PortalHostingTests : IAsyncLifetime
{
    private WebApplication? _app;
    private Uri? _baseAddress;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapEnvOrchestratorPortal();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _baseAddress = new Uri(address);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Theory(Timeout = 10_000)]
    [InlineData("/", "text/html")]
    [InlineData("/portal/js/app.js", "text/javascript")]
    [InlineData("/portal/css/portal.css", "text/css")]
    public async Task MapEnvOrchestratorPortal_File_ServedWithContentTypeAndRevalidation(string path, string mediaType)
    {
        using var http = NewClient();

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.True(response.Headers.CacheControl?.NoCache, "portal files must be revalidated: their names carry no version");
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact(Timeout = 10_000)]
    public async Task MapEnvOrchestratorPortal_MatchingIfNoneMatch_Returns304WithoutBody()
    {
        using var http = NewClient();
        using var first = await http.GetAsync(new Uri("/portal/js/app.js", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/portal/js/app.js", UriKind.Relative));
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var second = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Theory(Timeout = 10_000)]
    [InlineData("/portal/js/missing.js")]
    [InlineData("/portal/")]
    [InlineData("/api/templates")]
    [InlineData("/environments")]
    public async Task MapEnvOrchestratorPortal_PathOutsideThePortal_Returns404(string path)
    {
        using var http = NewClient();

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact(Timeout = 10_000)]
    public async Task MapEnvOrchestratorPortal_Page_ReferencesOnlyServedFiles()
    {
        using var http = NewClient();
        var html = await http.GetStringAsync(new Uri("/", UriKind.Relative));
        var app = await http.GetStringAsync(new Uri("/portal/js/app.js", UriKind.Relative));

        // No CDN: every script and stylesheet the page names is on this service.
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Contains("/portal/js/app.js", html, StringComparison.Ordinal);
        Assert.Contains("/portal/css/portal.css", html, StringComparison.Ordinal);
        foreach (var module in System.Text.RegularExpressions.Regex.Matches(app, @"from '\./([a-z]+\.js)'").Select(m => m.Groups[1].Value))
        {
            using var response = await http.GetAsync(new Uri("/portal/js/" + module, UriKind.Relative));
            Assert.True(response.IsSuccessStatusCode, $"{module} is imported but answered {(int)response.StatusCode}");
        }
    }

    private HttpClient NewClient() => new() { BaseAddress = _baseAddress };
}
