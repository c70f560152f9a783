//! How the window is drawn on a computer without a graphics processor (issue 9, ADR 0009).
//!
//! WebKitGTK composites the page with OpenGL. Without a GPU (a virtual machine, a remote
//! desktop, a workstation whose graphics driver is missing) Mesa gives it llvmpipe, OpenGL
//! emulated on the processor, and every frame then goes through it. Measured on such a machine
//! (docs/PERFORMANCE.md, "Without a GPU"): with accelerated compositing off, the ledger of the
//! ten-year office scrolls at 11/16 ms a frame (p50/p95) instead of 61/77, the first screen
//! paints ~170 ms sooner, the first desk after signing in 130 ms sooner, and the window holds
//! ~130 MiB less. With a GPU nothing changes. So, before GTK and WebKit start, Despacho turns
//! compositing off where there is no GPU to composite with, unless the person who started it
//! chose otherwise through WebKit's own variables.

use std::ffi::OsStr;
use std::path::Path;

/// WebKitGTK's variable: any value but `0` turns accelerated compositing off.
pub const DISABLE_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
/// WebKitGTK's variable forcing compositing on (a choice this module respects too).
pub const FORCE_COMPOSITING: &str = "WEBKIT_FORCE_COMPOSITING_MODE";

/// What is known about this computer's graphics when the app starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// `WEBKIT_DISABLE_COMPOSITING_MODE` or `WEBKIT_FORCE_COMPOSITING_MODE` is set: someone chose.
    pub chosen_by_user: bool,
    /// A DRM render node (`/dev/dri/renderD*`): a driver that can draw with a GPU.
    pub render_node: bool,
    /// Mesa is told to draw on the processor (`LIBGL_ALWAYS_SOFTWARE`, or `GALLIUM_DRIVER`
    /// naming a software driver).
    pub software_forced: bool,
}

/// How the window is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rendering {
    /// WebKit's default: composited with OpenGL (on a GPU).
    Accelerated,
    /// No GPU: accelerated compositing turned off by this module.
    SoftwareNoCompositing,
    /// `WEBKIT_DISABLE_COMPOSITING_MODE` / `WEBKIT_FORCE_COMPOSITING_MODE` were set: left as they are.
    ChosenByUser,
}

impl Rendering {
    /// The name printed in the start-up marks (`startup-mark rendering-<name>`).
    pub fn name(self) -> &'static str {
        match self {
            Rendering::Accelerated => "accelerated",
            Rendering::SoftwareNoCompositing => "software",
            Rendering::ChosenByUser => "chosen-by-user",
        }
    }
}

/// The decision, from the facts alone.
pub fn decide(facts: Facts) -> Rendering {
    if facts.chosen_by_user {
        Rendering::ChosenByUser
    } else if facts.software_forced || !facts.render_node {
        Rendering::SoftwareNoCompositing
    } else {
        Rendering::Accelerated
    }
}

/// Mesa's reading of a boolean variable (`env_var_as_boolean`): `1`, `true`, `yes`, `y` are true.
fn truthy(value: Option<&OsStr>) -> bool {
    value
        .and_then(OsStr::to_str)
        .is_some_and(|v| ["1", "true", "yes", "y"].contains(&v.to_ascii_lowercase().as_str()))
}

/// Whether `dir` (normally `/dev/dri`) holds a render node.
pub fn has_render_node(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// The facts, read from `env` (a variable's value by name) and the render nodes of `dri`.
pub fn facts(env: impl Fn(&str) -> Option<std::ffi::OsString>, dri: &Path) -> Facts {
    let gallium = env("GALLIUM_DRIVER");
    let software_driver = gallium
        .as_deref()
        .and_then(OsStr::to_str)
        .is_some_and(|d| matches!(d, "llvmpipe" | "softpipe"));
    Facts {
        chosen_by_user: env(DISABLE_COMPOSITING).is_some() || env(FORCE_COMPOSITING).is_some(),
        render_node: has_render_node(dri),
        software_forced: truthy(env("LIBGL_ALWAYS_SOFTWARE").as_deref()) || software_driver,
    }
}

/// Decides for this computer and, without a GPU, turns compositing off for this process and the
/// WebKit processes it starts. Call first in `main`, while the process has one thread (it sets
/// an environment variable), before GTK starts.
pub fn apply() -> Rendering {
    if !cfg!(target_os = "linux") {
        return Rendering::Accelerated;
    }
    let rendering = decide(facts(|k| std::env::var_os(k), Path::new("/dev/dri")));
    if rendering == Rendering::SoftwareNoCompositing {
        // Edition 2021: `set_var` is safe to call; nothing else runs yet to read the environment.
        std::env::set_var(DISABLE_COMPOSITING, "1");
    }
    rendering
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::ffi::OsString;

    fn facts_with(vars: &[(&str, &str)], render_nodes: &[&str]) -> Facts {
        let dir = tempfile::tempdir().unwrap();
        for name in render_nodes {
            std::fs::write(dir.path().join(name), b"").unwrap();
        }
        let vars: HashMap<String, OsString> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        facts(|k| vars.get(k).cloned(), dir.path())
    }

    #[test]
    fn a_gpu_keeps_webkit_default() {
        let f = facts_with(&[], &["card0", "renderD128"]);
        assert_eq!(
            f,
            Facts {
                chosen_by_user: false,
                render_node: true,
                software_forced: false
            }
        );
        assert_eq!(decide(f), Rendering::Accelerated);
    }

    #[test]
    fn no_render_node_turns_compositing_off() {
        // A display-only driver (simpledrm: card0 and no render node) or no /dev/dri at all.
        assert_eq!(
            decide(facts_with(&[], &["card0"])),
            Rendering::SoftwareNoCompositing
        );
        let missing = facts(|_| None, Path::new("/nonexistent/dri"));
        assert!(!missing.render_node);
        assert_eq!(decide(missing), Rendering::SoftwareNoCompositing);
    }

    #[test]
    fn mesa_told_to_draw_on_the_processor_turns_compositing_off() {
        for vars in [
            &[("LIBGL_ALWAYS_SOFTWARE", "1")][..],
            &[("LIBGL_ALWAYS_SOFTWARE", "true")],
            &[("GALLIUM_DRIVER", "llvmpipe")],
            &[("GALLIUM_DRIVER", "softpipe")],
        ] {
            let f = facts_with(vars, &["renderD128"]);
            assert!(f.software_forced, "{vars:?}");
            assert_eq!(decide(f), Rendering::SoftwareNoCompositing, "{vars:?}");
        }
        for vars in [
            &[("LIBGL_ALWAYS_SOFTWARE", "0")][..],
            &[("LIBGL_ALWAYS_SOFTWARE", "false")],
            &[("GALLIUM_DRIVER", "radeonsi")],
        ] {
            assert_eq!(
                decide(facts_with(vars, &["renderD128"])),
                Rendering::Accelerated,
                "{vars:?}"
            );
        }
    }

    #[test]
    fn a_choice_made_through_webkit_variables_is_left_alone() {
        for vars in [
            &[(DISABLE_COMPOSITING, "0")][..],
            &[(DISABLE_COMPOSITING, "1")],
            &[(FORCE_COMPOSITING, "1")],
        ] {
            // Even without a GPU: the person who set it knows what they want.
            let f = facts_with(vars, &[]);
            assert!(f.chosen_by_user);
            assert_eq!(decide(f), Rendering::ChosenByUser, "{vars:?}");
        }
    }

    #[test]
    fn names_of_the_marks() {
        assert_eq!(Rendering::Accelerated.name(), "accelerated");
        assert_eq!(Rendering::SoftwareNoCompositing.name(), "software");
        assert_eq!(Rendering::ChosenByUser.name(), "chosen-by-user");
    }
}
