using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;
using Pipeline.Domain;

namespace Pipeline.Tests.Architecture;

/// <summary>
/// The folders of <c>Pipeline.Core</c> are layers (docs/architecture.md#layers): each depends only on the ones below
/// it, and no two folders, sub-folders included, depend on each other in a cycle.
/// </summary>
public sealed class LayerTests
{
    /// <summary>Bottom to top. A folder may use the folders before it in this list, never one after it.</summary>
    internal static readonly string[] Layers =
    [
        "Pipeline.Domain",
        "Pipeline.Durability",
        "Pipeline.Imaging",
        "Pipeline.Records",
        "Pipeline.Providers",
        "Pipeline.Manifests",
        "Pipeline.Planning",
        "Pipeline.Verification",
        "Pipeline.Renditions",
        "Pipeline.Execution",
        "Pipeline.Audit",
        "Pipeline.Reports",
        "Pipeline.Review",
        "Pipeline.Export",
        "Pipeline.Publishing",
        "Pipeline.Notifications",
        "Pipeline.Metrics",
        "Pipeline.Scheduling",
        "Pipeline.Hosting",
    ];

    private static readonly Assembly Core = typeof(Job).Assembly;

    public static TheoryData<string> LayerNames() => new(Layers);

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void Layer_DependsOnlyOnLayersBelowIt(string layer)
    {
        var above = Layers.SkipWhile(l => l != layer).Skip(1).ToArray();
        if (above.Length == 0)
        {
            return;
        }

        var result = Types.InAssembly(Core).That().ResideInNamespace(layer).ShouldNot().HaveDependencyOnAny(above).GetResult();

        Assert.True(result.IsSuccessful, $"{layer} reaches up to a later layer ({string.Join(", ", above)}) from: "
            + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void EveryNamespace_BelongsToALayer()
    {
        var strays = Namespaces().Where(ns => !Layers.Any(l => ns == l || ns.StartsWith(l + ".", StringComparison.Ordinal))).ToList();

        Assert.True(strays.Count == 0, "namespaces outside every layer: " + string.Join(", ", strays));
    }

    [Fact]
    public void Folders_HaveNoDependencyCycle()
    {
        var graph = DependencyGraph();

        var cycle = FindCycle(graph);

        Assert.True(cycle is null, "folders depend on each other in a cycle: " + string.Join(" -> ", cycle ?? []));
    }

    [Fact]
    public void FindCycle_ReportsAReverseArrow()
    {
        // The cycle search itself must see a cycle, or a green Folders_HaveNoDependencyCycle would mean nothing.
        var graph = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B"],
            ["B"] = ["C"],
            ["C"] = ["A"],
        };

        Assert.Equal(["A", "B", "C", "A"], FindCycle(graph));
    }

    private static List<string> Namespaces() =>
        Types.InAssembly(Core).GetTypes()
            .Where(t => t.Namespace is not null && !t.Name.StartsWith('<'))
            .Select(t => t.Namespace!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Namespace → the namespaces its own types (not its sub-folders') use.</summary>
    private static Dictionary<string, HashSet<string>> DependencyGraph()
    {
        var namespaces = Namespaces();
        var typesOf = namespaces.ToDictionary(
            ns => ns,
            ns => Types.InAssembly(Core).GetTypes().Where(t => t.Namespace == ns && t.FullName is not null).Select(t => t.FullName!).ToArray(),
            StringComparer.Ordinal);
        var graph = namespaces.ToDictionary(ns => ns, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var from in namespaces)
        {
            foreach (var to in namespaces.Where(to => to != from && typesOf[to].Length > 0))
            {
                var users = Types.InAssembly(Core).That().ResideInNamespaceMatching("^" + Regex.Escape(from) + "$")
                    .And().HaveDependencyOnAny(typesOf[to]).GetTypes();
                if (users.Any())
                {
                    graph[from].Add(to);
                }
            }
        }

        return graph;
    }

    /// <summary>One cycle as a path that ends where it starts, or null.</summary>
    internal static List<string>? FindCycle(IReadOnlyDictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.TryGetValue(node, out var edges) ? edges.Order(StringComparer.Ordinal) : Enumerable.Empty<string>())
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. path.Skip(path.IndexOf(next)), next];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }

            state[node] = 2;
            path.RemoveAt(path.Count - 1);
            return null;
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }
}
