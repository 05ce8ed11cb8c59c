namespace Pipeline.Sandbox; internal static class Placeholder { }
