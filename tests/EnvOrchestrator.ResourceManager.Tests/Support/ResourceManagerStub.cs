using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.ResourceManager.Tests.Support;

/// <summary>
/// Azure Resource Manager's resource group operations on loopback HTTPS, shaped as the public REST reference shows
/// them (Resource Groups - Create Or Update / Get / Delete / List, and the asynchronous operation a delete answers
/// with): the real SDK client talks to it over real HTTP. Requests without the expected bearer token get a 401.
/// </summary>
internal sealed partial class ResourceManagerStub : IAsyncDisposable
{
    public const string Token = "stub-token";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, JsonObject> _groups = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _operations = new();

    private ResourceManagerStub(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        Certificate = certificate;
    }

    public X509Certificate2 Certificate { get; }

    public Uri Endpoint => new(_app.Urls.First());

    /// <summary>Every request as "METHOD path?query", in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public IReadOnlyDictionary<string, JsonObject> Groups => _groups;

    public static async Task<ResourceManagerStub> StartAsync()
    {
        var certificate = SelfSigned();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = certificate })));
        var app = builder.Build();
        var stub = new ResourceManagerStub(app, certificate);
        app.Run(stub.HandleAsync);
        await app.StartAsync();
        return stub;
    }

    /// <summary>A group as if another tool or an earlier run had made it.</summary>
    public void Seed(string subscription, string name, string location, IReadOnlyDictionary<string, string> tags) =>
        _groups[name] = Resource(subscription, name, location, new JsonObject(tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)JsonValue.Create(t.Value)))));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        Requests.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        if (request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            await ErrorAsync(context, 401, "AuthenticationFailed", "Authentication failed.");
            return;
        }

        if (!request.Query.ContainsKey("api-version"))
        {
            await ErrorAsync(context, 400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
            return;
        }

        var path = request.Path.Value ?? "";
        if (GroupPath().Match(path) is { Success: true } one)
        {
            await GroupAsync(context, one.Groups["sub"].Value, Uri.UnescapeDataString(one.Groups["name"].Value));
        }
        else if (GroupsPath().Match(path) is { Success: true } list && request.Method == "GET")
        {
            await ListAsync(context, request.Query["$filter"].ToString());
        }
        else if (OperationPath().Match(path) is { Success: true } operation && request.Method == "GET")
        {
            await OperationAsync(context, operation.Groups["id"].Value);
        }
        else
        {
            await ErrorAsync(context, 404, "NotFound", $"The stub has no {request.Method} {path}.");
        }
    }

    private async Task GroupAsync(HttpContext context, string subscription, string name)
    {
        switch (context.Request.Method)
        {
            case "PUT":
                var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
                var created = !_groups.ContainsKey(name);
                var group = Resource(subscription, name, body["location"]!.GetValue<string>(), body["tags"]?.DeepClone().AsObject() ?? []);
                _groups[name] = group;
                await JsonAsync(context, created ? 201 : 200, group);
                break;
            case "GET" when _groups.TryGetValue(name, out var found):
                await JsonAsync(context, 200, found);
                break;
            case "DELETE" when _groups.TryRemove(name, out _):
                // Accepted: the SDK polls the operation in Location until it answers 200.
                var id = Guid.NewGuid().ToString("N");
                _operations[id] = 0;
                context.Response.Headers.Location = new Uri(Endpoint, $"/subscriptions/{subscription}/operationresults/{id}?api-version={context.Request.Query["api-version"]}").ToString();
                context.Response.Headers.RetryAfter = "0";
                context.Response.StatusCode = 202;
                break;
            case "GET" or "DELETE":
                await ErrorAsync(context, 404, "ResourceGroupNotFound", $"Resource group '{name}' could not be found.");
                break;
            default:
                await ErrorAsync(context, 405, "MethodNotAllowed", "The method is not allowed.");
                break;
        }
    }

    private async Task ListAsync(HttpContext context, string filter)
    {
        IEnumerable<JsonObject> groups = _groups.Values;
        if (TagFilter().Match(filter) is { Success: true } tag)
        {
            groups = groups.Where(g => g["tags"]?[tag.Groups["name"].Value]?.GetValue<string>() == tag.Groups["value"].Value);
        }
        else if (filter.Length > 0)
        {
            await ErrorAsync(context, 400, "InvalidFilter", $"The stub does not understand the filter '{filter}'.");
            return;
        }

        await JsonAsync(context, 200, new JsonObject { ["value"] = new JsonArray([.. groups.Select(g => (JsonNode)g.DeepClone())]) });
    }

    private async Task OperationAsync(HttpContext context, string id)
    {
        var polls = _operations.AddOrUpdate(id, 1, (_, n) => n + 1);
        if (polls < 2)
        {
            context.Response.Headers.Location = context.Request.GetEncodedUrl();
            context.Response.Headers.RetryAfter = "0";
            context.Response.StatusCode = 202;
            return;
        }

        context.Response.StatusCode = 200;
        await Task.CompletedTask;
    }

    private static JsonObject Resource(string subscription, string name, string location, JsonObject tags) => new()
    {
        ["id"] = $"/subscriptions/{subscription}/resourceGroups/{name}",
        ["name"] = name,
        ["type"] = "Microsoft.Resources/resourceGroups",
        ["location"] = location,
        ["tags"] = tags,
        ["properties"] = new JsonObject { ["provisioningState"] = "Succeeded" },
    };

    private static Task JsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private static Task ErrorAsync(HttpContext context, int status, string code, string message) =>
        JsonAsync(context, status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    [GeneratedRegex("^/subscriptions/(?<sub>[^/]+)/resourcegroups/(?<name>[^/]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex GroupPath();

    [GeneratedRegex("^/subscriptions/(?<sub>[^/]+)/resourcegroups$", RegexOptions.IgnoreCase)]
    private static partial Regex GroupsPath();

    [GeneratedRegex("^/subscriptions/(?<sub>[^/]+)/operationresults/(?<id>[^/]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex OperationPath();

    [GeneratedRegex("^tagName eq '(?<name>[^']+)' and tagValue eq '(?<value>[^']*)'$")]
    private static partial Regex TagFilter();
}
