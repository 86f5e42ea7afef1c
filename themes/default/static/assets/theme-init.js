/* Before the page paints: marks that scripts run (so the theme toggle is laid out from the start) and applies the reader's saved light/dark choice. */
document.documentElement.classList.add("js");try{var t=localStorage.getItem("placebook-theme");if(t==="dark"||t==="light")document.documentElement.setAttribute("data-theme",t);}catch(e){}
