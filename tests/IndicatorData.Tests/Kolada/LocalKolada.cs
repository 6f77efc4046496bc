using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Jamforelse.IndicatorData.Kolada;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.IndicatorData.Tests.Kolada;

/// <summary>
/// A Kolada-compatible server of the tests' own on a loopback port: it answers Kolada v3's path shape
/// (<c>/v3/data/kpi/{ids}/year/{years}</c>) with the real national responses shipped with the service, a page
/// of <see cref="PageSize"/> records at a time linked by next_url, and misbehaves on purpose: page numbers in
/// <see cref="Throttled"/> answer 429 (Retry-After: 0) the first time, those in <see cref="Failing"/> 500, those in
/// <see cref="Truncated"/> a body cut in half; a page in <see cref="Held"/> waits until <see cref="Release"/>.
/// </summary>
public sealed class LocalKolada : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, List<JsonNode>> _records = new(StringComparer.Ordinal);
    private readonly HashSet<string> _misbehaved = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int PageSize { get; init; } = 200;
    public HashSet<int> Throttled { get; init; } = [];
    public HashSet<int> Failing { get; init; } = [];
    public HashSet<int> Truncated { get; init; } = [];
    public HashSet<int> Held { get; init; } = [];

    /// <summary>Every request, as "page N" or the status it got.</summary>
    public List<string> Requests { get; } = [];

    /// <summary>Set once a held page has been asked for.</summary>
    public TaskCompletionSource HeldPageAsked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LocalKolada(params string[] kpis)
    {
        foreach (var kpi in kpis)
        {
            using var reader = new StreamReader(KoladaReferenceFiles.Open($"national-2019/kolada_v2_data_{kpi}.json.gz"), Encoding.UTF8);
            _records[kpi] = [.. JsonNode.Parse(reader.ReadToEnd())!["values"]!.AsArray().Select(r => r!.DeepClone())];
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/v3/data/kpi/{kpis}/year/{years}", Answer);
    }

    public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v3/");

    public Task StartAsync() => _app.StartAsync();

    public void Release() => _released.TrySetResult();

    /// <summary>The records served, as the shipped responses hold them.</summary>
    public IEnumerable<JsonNode> Records => _records.Values.SelectMany(r => r);

    private async Task Answer(HttpContext context, string kpis, string years)
    {
        var wantedYears = years.Split(',').Select(y => int.Parse(y, CultureInfo.InvariantCulture)).ToHashSet();
        var records = kpis.Split(',').SelectMany(k => _records.GetValueOrDefault(k) ?? [])
            .Where(r => wantedYears.Contains(r["period"]!.GetValue<int>())).ToList();
        var page = int.TryParse(context.Request.Query["page"], CultureInfo.InvariantCulture, out var p) ? p : 1;
        var key = $"{kpis}/{years}/{page}";
        lock (Requests)
        {
            Requests.Add($"page {page}");
        }
        if (Held.Contains(page))
        {
            HeldPageAsked.TrySetResult();
            await _released.Task.WaitAsync(context.RequestAborted);
        }
        bool First(HashSet<int> pages)
        {
            lock (_misbehaved)
            {
                return pages.Contains(page) && _misbehaved.Add(key + pages.GetHashCode());
            }
        }
        if (First(Throttled))
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "0";
            return;
        }
        if (First(Failing))
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }
        var slice = records.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        var more = page * PageSize < records.Count;
        var next = more ? $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}?per_page={PageSize}&page={page + 1}" : null;
        var body = new JsonObject
        {
            ["values"] = new JsonArray([.. slice.Select(r => r.DeepClone())]),
            ["next_url"] = next,
            ["previous_url"] = null,
            ["count"] = records.Count,
        }.ToJsonString();
        if (First(Truncated))
        {
            body = body[..(body.Length / 2)];
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.DisposeAsync();
    }
}
