//! Base images of the stages that pull from a registry (not `scratch`, not an earlier
//! stage, fully resolved through `ARG` defaults).

use lookout_syntax::dockerfile::{Dockerfile, Stage};
use lookout_syntax::image_ref::ImageRef;

pub fn external_base_images(df: &Dockerfile) -> impl Iterator<Item = (&Stage, ImageRef)> {
    df.stages.iter().filter_map(|stage| {
        if stage.is_scratch() || stage.base_stage.is_some() || stage.has_unresolved_variables {
            return None;
        }
        let image = ImageRef::parse(&stage.resolved_image).ok()?;
        (!image.has_variables()).then_some((stage, image))
    })
}
