using System.Net;
using System.Text.RegularExpressions;

namespace EnvOrchestrator.Api.Tests.OpenApi;

/// <summary>The interactive docs at <c>/docs</c> work offline: the page and everything it loads come from the service itself.</summary>
[Collection(ApiHostGroup.Name)]
public sealed partial class ApiDocsTests(ApiHost host)
{
    [Fact(Timeout = 30_000)]
    public async Task GetDocs_Page_ServesEveryReferencedScriptStyleAndDocumentItself()
    {
        using var page = await host.Http.GetAsync("/docs");
        var html = await page.Content.ReadAsStringAsync();
        var pageUri = page.RequestMessage!.RequestUri!;

        var matches = References().Matches(html);
        var references = matches.Select(m => m.Groups["url"].Value).Distinct(StringComparer.Ordinal).ToList();
        var documents = matches.Where(m => m.Groups["document"].Success).Select(m => m.Groups["url"].Value).ToHashSet(StringComparer.Ordinal);
        var fetched = new List<(string Reference, HttpStatusCode Status, long Length)>();
        foreach (var reference in references)
        {
            // scalar.aspnetcore.js resolves document sources against the app's base path (the page's path less "/docs/").
            using var asset = await host.Http.GetAsync(documents.Contains(reference) ? new Uri(pageUri, "/" + reference) : new Uri(pageUri, reference));
            fetched.Add((reference, asset.StatusCode, (await asset.Content.ReadAsByteArrayAsync()).LongLength));
        }

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("scalar.js", references);
        Assert.Contains("openapi/v1.json", references);
        Assert.All(references, r => Assert.False(Uri.TryCreate(r, UriKind.Absolute, out _) || r.StartsWith("//", StringComparison.Ordinal), $"{r} is not served by the service"));
        Assert.All(fetched, f => Assert.True(f.Status == HttpStatusCode.OK && f.Length > 0, $"{f.Reference}: {f.Status}, {f.Length} bytes"));
        Assert.True(fetched.Single(f => f.Reference == "scalar.js").Length > 1_000_000, "the bundled renderer is expected, not a loader");
    }

    [Fact(Timeout = 30_000)]
    public async Task GetDocs_Page_TurnsOffEverythingThatCallsOutside()
    {
        using var page = await host.Http.GetAsync("/docs/");
        var html = await page.Content.ReadAsStringAsync();

        Assert.DoesNotMatch(AbsoluteUrl(), html);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"agent\":{\"disabled\":true}", html, StringComparison.Ordinal);
    }

    // src/href attributes, ES module imports, the favicon and the document URL in the page's configuration.
    [GeneratedRegex(""""(?:src|href)="(?<url>[^"]+)"|from\s+'(?<url>[^']+)'|(?<document>"url":)"(?<url>[^"]+)"|"favicon":"(?<url>[^"]+)"""")]
    private static partial Regex References();

    [GeneratedRegex("https?://|//[a-z0-9.-]+/", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrl();
}
